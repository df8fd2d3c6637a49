namespace MailHost.Accounts;

public enum RecipientStatus
{
    /// <summary>Local domain and the address resolved to one or more mailboxes.</summary>
    Local,

    /// <summary>Local domain but no such user or alias: <c>550 5.1.1</c>.</summary>
    UnknownUser,

    /// <summary>Not one of our domains (relay question).</summary>
    NotLocal,

    /// <summary>Syntactically invalid address.</summary>
    Invalid,
}
