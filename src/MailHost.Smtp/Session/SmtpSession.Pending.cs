using MailHost.Smtp.Parsing;

namespace MailHost.Smtp.Session;

internal sealed partial class SmtpSession
{
    /// <summary>What the synchronous parse pass hands to the asynchronous part of a command.</summary>
    private enum Step
    {
        Continue,
        NeedMore,
        Close,
        Mail,
        Rcpt,
        Data,
        Bdat,
        Auth,
        StartTls,
        ReleaseStaged,
        Flush,
        Pace,
    }

    /// <summary>Why the message in transfer will not be delivered; its bytes are still read to the end of DATA/BDAT.</summary>
    private enum Rejection
    {
        None,
        TooBig,
        LineTooLong,
        DiskFull,
        Failed,
    }

    private readonly record struct PendingMail(string Sender, bool SmtpUtf8, SmtpBodyType Body, long DeclaredSize, DsnReturn Return, string? EnvelopeId);

    private readonly record struct PendingRecipient(string Address, bool IsPostmaster, DsnNotify Notify, string? OriginalRecipient);

    /// <param name="Accepted">False when BDAT came out of sequence: its bytes are read and dropped, then <c>503</c>.</param>
    private readonly record struct PendingChunk(long Size, bool Last, bool Accepted);
}
