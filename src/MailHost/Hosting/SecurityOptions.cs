namespace MailHost.Hosting;

/// <summary><c>Security:*</c>. The protocols read <c>Security:AllowPlaintextAuth</c> themselves; the host binds it to report it in <c>check</c>.</summary>
internal sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>When false (default) IMAP advertises LOGINDISABLED and SMTP offers no AUTH before TLS.</summary>
    public bool AllowPlaintextAuth { get; set; }
}
