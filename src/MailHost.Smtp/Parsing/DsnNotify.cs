namespace MailHost.Smtp.Parsing;

/// <summary>RCPT TO NOTIFY= parameter (RFC 3461); <see cref="None"/> means the parameter was absent.</summary>
[Flags]
internal enum DsnNotify
{
    None = 0,
    Never = 1,
    Success = 2,
    Failure = 4,
    Delay = 8,
}
