namespace MailHost.Smtp.Parsing;

internal enum SmtpLineStatus
{
    /// <summary>A whole line was read and the reader advanced past its LF.</summary>
    Complete,

    /// <summary>No line terminator yet and the window is not full: read more.</summary>
    Incomplete,

    /// <summary>The line ended but was longer than allowed; the reader advanced past it (already resynchronised).</summary>
    TooLong,

    /// <summary>The window filled without a line terminator: discard up to the next LF, then answer once.</summary>
    TooLongUnterminated,
}
