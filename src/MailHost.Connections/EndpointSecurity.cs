namespace MailHost.Connections;

/// <summary>How an endpoint gets TLS: upgraded by the protocol (STARTTLS), before the first byte (RFC 8314), or never.</summary>
public enum EndpointSecurity
{
    StartTls,
    ImplicitTls,
    None,
}
