namespace MailHost.Connections;

/// <summary>
/// Set on every connection by the listener so a protocol handler knows which endpoint accepted it
/// (e.g. SMTP behaves differently on "smtp", "submission" and "submissions").
/// </summary>
public interface IMailEndpointFeature
{
    /// <summary>Configuration name of the endpoint: imap, imaps, smtp, submission, submissions, lmtp.</summary>
    string EndpointName { get; }

    MailProtocol Protocol { get; }

    EndpointSecurity Security { get; }

    /// <summary>True for submission endpoints: AUTH is required before MAIL.</summary>
    bool RequiresAuthentication { get; }
}
