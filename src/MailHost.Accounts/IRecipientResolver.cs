namespace MailHost.Accounts;

/// <summary>Address → mailboxes: users, aliases file, plus-addressing, catch-all. Shared by SMTP and LMTP.</summary>
public interface IRecipientResolver
{
    /// <param name="folderExists">Asked for plus-addressing: does this user have a folder named like the tag? (The accounts
    /// layer knows nothing of the store, so the protocol passes the question through.)</param>
    ValueTask<RecipientResolution> ResolveAsync(string address, Func<MailUser, string, bool>? folderExists, CancellationToken cancellationToken);

    /// <summary>True if <paramref name="user"/> may use <paramref name="senderAddress"/> in MAIL FROM (own address or an alias it owns).</summary>
    ValueTask<bool> MaySendAsAsync(MailUser user, string senderAddress, CancellationToken cancellationToken);

    bool IsLocalDomain(string domain);
}
