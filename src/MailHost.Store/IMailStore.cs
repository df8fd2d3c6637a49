namespace MailHost.Store;

/// <summary>Root of the Maildir store (<c>&lt;data&gt;/mail</c>). Knows nothing of protocols.</summary>
public interface IMailStore
{
    /// <summary>Opens a user's mail account, creating the Maildir with INBOX, Sent, Drafts, Trash, Junk and Archive on first use.</summary>
    ValueTask<IMailAccount> OpenAccountAsync(string domain, string localPart, CancellationToken cancellationToken);

    IMessageDelivery Delivery { get; }
}
