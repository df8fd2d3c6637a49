namespace MailHost.Connections;

/// <summary>
/// The effective endpoints after configuration (for <c>mailhost check</c> and <c>mailhost health</c>). Once the listener has
/// started, <see cref="MailEndpoint.BoundEndPoints"/> holds the actual addresses, including ports the OS chose for port 0.
/// </summary>
public interface IEndpointCatalog
{
    /// <summary>Every known endpoint, enabled or not, in a fixed order (imap, imaps, smtp, submission, submissions, lmtp).</summary>
    IReadOnlyList<MailEndpoint> Endpoints { get; }

    MailEndpoint? Find(string name);
}
