namespace MailHost.Imap.Messages;

internal static class TransferEncodings
{
    public static TransferEncodingKind Classify(string? encoding)
    {
        if (encoding is null)
        {
            return TransferEncodingKind.Identity;
        }

        return encoding.ToUpperInvariant() switch
        {
            "7BIT" or "8BIT" or "BINARY" => TransferEncodingKind.Identity,
            "BASE64" => TransferEncodingKind.Base64,
            "QUOTED-PRINTABLE" => TransferEncodingKind.QuotedPrintable,
            _ => TransferEncodingKind.Unknown,
        };
    }
}
