namespace MailHost.Imap.Messages;

/// <summary>What BINARY must do with a part's Content-Transfer-Encoding.</summary>
internal enum TransferEncodingKind
{
    /// <summary>7bit, 8bit, binary or none: the stored octets are the content.</summary>
    Identity,
    Base64,
    QuotedPrintable,
    Unknown,
}
