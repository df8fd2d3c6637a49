namespace MailHost.Health;

/// <summary>One endpoint's verdict: the line <c>mailhost health</c> prints.</summary>
internal sealed record HealthResult(string Endpoint, string Target, bool Healthy, string Detail)
{
    public override string ToString() => $"{(Healthy ? "ok  " : "FAIL")} {Endpoint} {Target} {Detail}";
}
