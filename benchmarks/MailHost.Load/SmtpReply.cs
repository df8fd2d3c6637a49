namespace MailHost.Load;

/// <summary>The code and last line of an SMTP/LMTP reply.</summary>
internal readonly record struct SmtpReply(int Code, string Text)
{
    public bool IsPositive => Code is >= 200 and < 400;
}
