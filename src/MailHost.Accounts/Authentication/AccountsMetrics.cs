using System.Diagnostics.Metrics;

namespace MailHost.Accounts.Authentication;

/// <summary>The component's one meter, <c>MailHost.Accounts</c>.</summary>
internal sealed class AccountsMetrics
{
    public const string MeterName = "MailHost.Accounts";

    private readonly Counter<long> _attempts;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _verifications;

    public AccountsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _attempts = meter.CreateCounter<long>("mailhost.accounts.auth.attempts", "{attempt}", "Authentication attempts by result");
        _cacheHits = meter.CreateCounter<long>("mailhost.accounts.auth.cache_hits", "{attempt}", "Successful logins answered from the cache");
        _verifications = meter.CreateCounter<long>("mailhost.accounts.auth.verifications", "{hash}", "Password hash verifications performed");
    }

    public void Attempt(AuthenticationStatus status) =>
        _attempts.Add(1, new KeyValuePair<string, object?>("result", status switch
        {
            AuthenticationStatus.Succeeded => "succeeded",
            AuthenticationStatus.Failed => "failed",
            _ => "unavailable",
        }));

    public void CacheHit() => _cacheHits.Add(1);

    public void Verification() => _verifications.Add(1);
}
