using MailHost.Connections;

namespace MailHost.Hosting;

/// <summary>An endpoint as configured: what <c>check</c> prints, what <c>health</c> probes and what start-up logs.</summary>
internal sealed record EffectiveEndpoint(string Name, MailProtocol Protocol, EndpointSecurity Security, bool Enabled, IReadOnlyList<string> Addresses, int Port)
{
    public string Describe() =>
        $"{Name,-12} {Protocol.ToString().ToUpperInvariant(),-5} {SecurityLabel,-12} {string.Join(", ", Addresses.Select(a => FormatAddress(a, Port)))}";

    private string SecurityLabel => Security switch
    {
        EndpointSecurity.ImplicitTls => "implicit-TLS",
        EndpointSecurity.StartTls => "STARTTLS",
        _ => "plaintext",
    };

    internal static string FormatAddress(string address, int port) =>
        address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:{port}" : $"{address}:{port}";
}
