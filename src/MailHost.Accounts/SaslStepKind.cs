namespace MailHost.Accounts;

public enum SaslStepKind
{
    /// <summary>Send <see cref="SaslStep.Challenge"/> to the client (base64-encoded by the protocol) and feed back its response.</summary>
    Challenge,

    /// <summary>Credentials are complete: call <see cref="IAuthenticator"/> with them.</summary>
    Credentials,

    /// <summary>Malformed client data: IMAP <c>BAD</c>/<c>NO</c>, SMTP <c>501 5.5.2</c>.</summary>
    Malformed,
}
