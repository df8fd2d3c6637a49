namespace MailHost.Smtp.Parsing;

/// <summary>MAIL FROM BODY= parameter (RFC 6152, RFC 3030).</summary>
internal enum SmtpBodyType
{
    Unspecified,
    SevenBit,
    EightBitMime,
    BinaryMime,
}
