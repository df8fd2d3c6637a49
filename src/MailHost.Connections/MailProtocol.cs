namespace MailHost.Connections;

/// <summary>The protocol an endpoint speaks; decides which handler runs and what "too busy" looks like.</summary>
public enum MailProtocol
{
    Imap,
    Smtp,
    Lmtp,
}
