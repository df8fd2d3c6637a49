namespace MailHost.Smtp.Parsing;

/// <summary>MAIL FROM RET= parameter (RFC 3461).</summary>
internal enum DsnReturn
{
    Unspecified,
    Full,
    Headers,
}
