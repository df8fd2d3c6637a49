namespace MailHost.Imap.Tests.Session;

internal static class Transcript
{
    public const string Extensions =
        "LITERAL+ ENABLE ID IDLE NAMESPACE UIDPLUS MOVE UNSELECT CHILDREN LIST-EXTENDED LIST-STATUS SPECIAL-USE CREATE-SPECIAL-USE ESEARCH SEARCHRES WITHIN STATUS=SIZE APPENDLIMIT=100000 MULTIAPPEND BINARY UTF8=ACCEPT";

    public const string PreAuthSecure = "IMAP4rev1 IMAP4rev2 AUTH=PLAIN SASL-IR " + Extensions;

    public const string PreAuthPlaintext = "IMAP4rev1 IMAP4rev2 STARTTLS LOGINDISABLED SASL-IR " + Extensions;

    public const string PostAuth = "IMAP4rev1 IMAP4rev2 " + Extensions;

    public const string Message1 = "From: Bob <bob@example.org>\r\nTo: alice@example.com\r\nSubject: Hello\r\nDate: Tue, 5 Mar 2024 10:00:00 +0000\r\n\r\nHi Alice.\r\n";

    public const string Message2 = "From: Carol <carol@example.net>\r\nSubject: Report\r\n\r\nQuarterly numbers.\r\n";
}
