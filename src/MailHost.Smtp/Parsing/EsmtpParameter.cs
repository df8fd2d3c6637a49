namespace MailHost.Smtp.Parsing;

/// <summary>One MAIL or RCPT parameter, <c>esmtp-keyword ["=" esmtp-value]</c>; both spans point into the command line.</summary>
internal readonly ref struct EsmtpParameter
{
    public ReadOnlySpan<byte> Keyword { get; init; }

    /// <summary>Empty when the parameter has no <c>=</c>; a present value is never empty.</summary>
    public ReadOnlySpan<byte> Value { get; init; }

    public bool HasValue { get; init; }
}
