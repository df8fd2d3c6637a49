namespace MailHost.Smtp.Session;

internal enum SmtpState
{
    /// <summary>Greeting sent, no HELO/EHLO/LHLO yet.</summary>
    Connected,

    /// <summary>Client introduced itself; no transaction.</summary>
    Greeted,

    /// <summary>MAIL accepted, no recipient yet.</summary>
    MailGiven,

    /// <summary>At least one recipient accepted.</summary>
    RecipientGiven,

    /// <summary>A BDAT chunk without LAST was received.</summary>
    Chunking,
}
