namespace MailHost.Smtp.Parsing;

/// <summary>Why a complete command line could not be parsed; the session maps each to its reply.</summary>
internal enum SmtpParseError
{
    None,

    /// <summary><c>500 5.5.1</c>.</summary>
    UnknownCommand,

    /// <summary>Arguments malformed: <c>501 5.5.4</c>.</summary>
    SyntaxError,

    /// <summary>Malformed or forbidden address (NUL, control characters, bad grammar): <c>501 5.1.7</c> (MAIL) / <c>501 5.1.3</c> (RCPT).</summary>
    BadAddress,

    /// <summary>Local part over 64 octets, domain over 255, path over 256: <c>501 5.1.7</c>/<c>501 5.1.3</c>.</summary>
    AddressTooLong,

    /// <summary>UTF-8 in an address without SMTPUTF8 (RFC 6531): <c>553 5.6.7</c>.</summary>
    NeedsSmtpUtf8,

    /// <summary>Unknown MAIL/RCPT parameter: <c>555 5.5.4</c>.</summary>
    UnsupportedParameter,

    /// <summary>Known parameter with a bad or repeated value: <c>501 5.5.4</c>.</summary>
    BadParameterValue,

    /// <summary>Line longer than the verb's limit: <c>500 5.5.2</c>.</summary>
    LineTooLong,
}
