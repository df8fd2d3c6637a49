namespace MailHost.Imap.Tests.Messages;

/// <summary>
/// Expected ENVELOPE, BODY and BODYSTRUCTURE per fixture, worked out from RFC 9051 §7.5.2 and Dovecot's conventions and checked
/// against Dovecot 2.3.19 on the same files. Dovecot choices the RFC leaves open, reproduced here:
/// <list type="bullet">
/// <item>type, subtype, parameter names and values keep the case of the header ("TEXT" "PLAIN" stays upper case, "text" "plain"
/// lower case); a missing Content-Type is "text" "plain", a missing Content-Transfer-Encoding "7bit";</item>
/// <item>text parts always carry a charset, "us-ascii" appended last when absent; other parts without parameters get NIL;</item>
/// <item>Subject and display names are "strings for humans": folding removed, white space collapsed, and written as a literal
/// as soon as anything was changed or the value holds '"', '\' or 8-bit octets; Date, In-Reply-To and Message-ID are raw;</item>
/// <item>encoded-words are never decoded; Sender and Reply-To default to From; an absent or empty address header is NIL;</item>
/// <item>body-fld-md5, disposition, language and location are NIL when absent; a disposition without parameters is (type NIL);</item>
/// <item>sizes are octets of the encoded body, the CRLF before a boundary excluded; lines count LFs (a last line without
/// line break is not counted);</item>
/// <item>a multipart whose boundary never appears holds one empty text/plain part; a digest part without Content-Type is
/// message/rfc822; a type without subtype is reported with subtype ""; RFC 2231 continuations are merged but not decoded;</item>
/// <item>empty elements of an address list (", ,") are reported as MISSING_MAILBOX/MISSING_DOMAIN, words without '@' as a
/// display name.</item>
/// </list>
/// </summary>
internal static class ExpectedStructures
{
    public const string SimpleTextEnvelope =
        "(\"Mon, 7 Feb 1994 21:52:25 -0800 (PST)\" {38}\r\n=?utf-8?q?Caf=C3=A9?= meeting tomorrow ((\"Alice Q. " +
        "Example\" NIL \"alice\" \"example.org\")) ((\"Alice Q. Example\" NIL \"alice\" \"example.org\")) ((\"Alice Q. " +
        "Example\" NIL \"alice\" \"example.org\")) ((\"Bob\" NIL \"bob\" \"example.com\")(NIL NIL \"carol\" " +
        "\"example.net\")) (({16}\r\nDave \"the\" Admin NIL \"dave\" \"example.com\")) NIL \"<prev@example.org>\" " +
        "\"<B27397-0100000@example.org>\")";

    public const string SimpleTextBody =
        "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"format\" \"flowed\") NIL NIL \"7bit\" 48 5)";

    public const string SimpleTextBodyStructure =
        "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"format\" \"flowed\") NIL NIL \"7bit\" 48 5 NIL NIL NIL NIL)";

    public const string AlternativeEnvelope =
        "(\"Tue, 1 Apr 2025 10:00:00 +0000\" \"Alternative\" ((\"Alice\" NIL \"alice\" \"example.org\")) ((\"Alice\" NIL " +
        "\"alice\" \"example.org\")) ((\"Alice\" NIL \"alice\" \"example.org\")) ((NIL NIL \"bob\" \"example.com\")) NIL " +
        "NIL NIL \"<alt@example.org>\")";

    public const string AlternativeBody =
        "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 43 1)(\"text\" \"html\" (\"charset\" " +
        "\"utf-8\") NIL NIL \"quoted-printable\" 31 0) \"alternative\")";

    public const string AlternativeBodyStructure =
        "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 43 1 NIL NIL NIL NIL)(\"text\" \"html\" " +
        "(\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 31 0 NIL NIL NIL NIL) \"alternative\" (\"boundary\" " +
        "\"=_alt_boundary\") NIL NIL NIL)";

    public const string MixedWithAttachmentEnvelope =
        "(\"Wed, 2 Apr 2025 08:30:00 +0200\" \"Report attached\" ((\"Alice\" NIL \"alice\" \"example.org\")) ((\"Alice\" " +
        "NIL \"alice\" \"example.org\")) ((\"Alice\" NIL \"alice\" \"example.org\")) ((NIL NIL \"bob\" \"example.com\")) " +
        "NIL NIL NIL \"<mixed@example.org>\")";

    public const string MixedWithAttachmentBody =
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 32 0)(\"application\" \"pdf\" (\"name\" " +
        "\"report.pdf\") \"<part2@example.org>\" \"Quarterly report\" \"base64\" 74) \"mixed\")";

    public const string MixedWithAttachmentBodyStructure =
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 32 0 NIL NIL NIL NIL)(\"application\" \"pdf\" " +
        "(\"name\" \"report.pdf\") \"<part2@example.org>\" \"Quarterly report\" \"base64\" 74 " +
        "\"Q2hlY2sgSW50ZWdyaXR5IQ==\" (\"attachment\" (\"filename\" \"report.pdf\" \"size\" \"20\")) (\"en-GB\" \"fr\") " +
        "\"http://example.org/report.pdf\") \"mixed\" (\"boundary\" \"outer\") NIL NIL NIL)";

    public const string NestedMessageEnvelope =
        "(\"Thu, 3 Apr 2025 12:00:00 -0500\" \"Fwd: Original\" ((\"Alice\" NIL \"alice\" \"example.org\")) ((\"Alice\" " +
        "NIL \"alice\" \"example.org\")) ((\"Alice\" NIL \"alice\" \"example.org\")) ((NIL NIL \"bob\" \"example.com\")) " +
        "NIL NIL NIL NIL)";

    public const string NestedMessageBody =
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 26 0)(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" " +
        "351 (\"Wed, 2 Apr 2025 09:00:00 +0000\" \"Original\" ((\"Carol\" NIL \"carol\" \"example.net\")) ((\"Carol\" " +
        "NIL \"carol\" \"example.net\")) ((\"Carol\" NIL \"carol\" \"example.net\")) ((\"Alice\" NIL \"alice\" " +
        "\"example.org\")) NIL NIL NIL \"<orig@example.net>\") ((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL " +
        "\"7bit\" 14 0)(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 21 0) \"alternative\") 16) \"mixed\")";

    public const string NestedMessageBodyStructure =
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 26 0 NIL NIL NIL NIL)(\"message\" \"rfc822\" NIL " +
        "NIL NIL \"7bit\" 351 (\"Wed, 2 Apr 2025 09:00:00 +0000\" \"Original\" ((\"Carol\" NIL \"carol\" " +
        "\"example.net\")) ((\"Carol\" NIL \"carol\" \"example.net\")) ((\"Carol\" NIL \"carol\" \"example.net\")) " +
        "((\"Alice\" NIL \"alice\" \"example.org\")) NIL NIL NIL \"<orig@example.net>\") ((\"text\" \"plain\" (\"charset\" " +
        "\"utf-8\") NIL NIL \"7bit\" 14 0 NIL NIL NIL NIL)(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 21 0 " +
        "NIL NIL NIL NIL) \"alternative\" (\"boundary\" \"b2\") NIL NIL NIL) 16 NIL (\"inline\" NIL) NIL NIL) " +
        "\"mixed\" (\"boundary\" \"b1\") NIL NIL NIL)";

    public const string ThirtyPartsEnvelope =
        "(\"Tue, 8 Apr 2025 10:00:00 +0000\" \"Thirty parts\" ((\"Alice\" NIL \"alice\" \"example.org\")) ((\"Alice\" " +
        "NIL \"alice\" \"example.org\")) ((\"Alice\" NIL \"alice\" \"example.org\")) ((NIL NIL \"bob\" \"example.com\")) " +
        "NIL NIL NIL NIL)";

    public const string ThirtyPartsBody =
        "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 34 1)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL " +
        "NIL \"7bit\" 34 1)(\"application\" \"octet-stream\" (\"name\" \"f3.bin\") NIL NIL \"base64\" 16)(\"text\" \"plain\" " +
        "(\"charset\" \"utf-8\") NIL NIL \"7bit\" 34 1)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 34 " +
        "1)(\"application\" \"octet-stream\" (\"name\" \"f6.bin\") NIL NIL \"base64\" 16)(\"text\" \"plain\" (\"charset\" " +
        "\"utf-8\") NIL NIL \"7bit\" 34 1)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 34 1)(\"application\" " +
        "\"octet-stream\" (\"name\" \"f9.bin\") NIL NIL \"base64\" 16)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL " +
        "\"7bit\" 36 1)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1)(\"application\" \"octet-stream\" " +
        "(\"name\" \"f12.bin\") NIL NIL \"base64\" 16)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 " +
        "1)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1)(\"application\" \"octet-stream\" (\"name\" " +
        "\"f15.bin\") NIL NIL \"base64\" 16)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1)(\"text\" " +
        "\"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1)(\"application\" \"octet-stream\" (\"name\" \"f18.bin\") " +
        "NIL NIL \"base64\" 16)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1)(\"text\" \"plain\" " +
        "(\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1)(\"application\" \"octet-stream\" (\"name\" \"f21.bin\") NIL NIL " +
        "\"base64\" 16)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1)(\"text\" \"plain\" (\"charset\" " +
        "\"utf-8\") NIL NIL \"7bit\" 36 1)(\"application\" \"octet-stream\" (\"name\" \"f24.bin\") NIL NIL \"base64\" " +
        "16)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL " +
        "NIL \"7bit\" 36 1)(\"application\" \"octet-stream\" (\"name\" \"f27.bin\") NIL NIL \"base64\" 16)(\"text\" " +
        "\"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" " +
        "36 1)(\"application\" \"octet-stream\" (\"name\" \"f30.bin\") NIL NIL \"base64\" 16) \"mixed\")";

    public const string ThirtyPartsBodyStructure =
        "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 34 1 NIL NIL NIL NIL)(\"text\" \"plain\" (\"charset\" " +
        "\"utf-8\") NIL NIL \"7bit\" 34 1 NIL NIL NIL NIL)(\"application\" \"octet-stream\" (\"name\" \"f3.bin\") NIL " +
        "NIL \"base64\" 16 NIL (\"attachment\" (\"filename\" \"f3.bin\")) NIL NIL)(\"text\" \"plain\" (\"charset\" " +
        "\"utf-8\") NIL NIL \"7bit\" 34 1 NIL NIL NIL NIL)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 34 " +
        "1 NIL NIL NIL NIL)(\"application\" \"octet-stream\" (\"name\" \"f6.bin\") NIL NIL \"base64\" 16 NIL " +
        "(\"attachment\" (\"filename\" \"f6.bin\")) NIL NIL)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 34 " +
        "1 NIL NIL NIL NIL)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 34 1 NIL NIL NIL " +
        "NIL)(\"application\" \"octet-stream\" (\"name\" \"f9.bin\") NIL NIL \"base64\" 16 NIL (\"attachment\" " +
        "(\"filename\" \"f9.bin\")) NIL NIL)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1 NIL NIL NIL " +
        "NIL)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1 NIL NIL NIL NIL)(\"application\" " +
        "\"octet-stream\" (\"name\" \"f12.bin\") NIL NIL \"base64\" 16 NIL (\"attachment\" (\"filename\" \"f12.bin\")) NIL " +
        "NIL)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1 NIL NIL NIL NIL)(\"text\" \"plain\" " +
        "(\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1 NIL NIL NIL NIL)(\"application\" \"octet-stream\" (\"name\" " +
        "\"f15.bin\") NIL NIL \"base64\" 16 NIL (\"attachment\" (\"filename\" \"f15.bin\")) NIL NIL)(\"text\" \"plain\" " +
        "(\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1 NIL NIL NIL NIL)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL " +
        "\"7bit\" 36 1 NIL NIL NIL NIL)(\"application\" \"octet-stream\" (\"name\" \"f18.bin\") NIL NIL \"base64\" 16 " +
        "NIL (\"attachment\" (\"filename\" \"f18.bin\")) NIL NIL)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL " +
        "\"7bit\" 36 1 NIL NIL NIL NIL)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1 NIL NIL NIL " +
        "NIL)(\"application\" \"octet-stream\" (\"name\" \"f21.bin\") NIL NIL \"base64\" 16 NIL (\"attachment\" " +
        "(\"filename\" \"f21.bin\")) NIL NIL)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1 NIL NIL NIL " +
        "NIL)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1 NIL NIL NIL NIL)(\"application\" " +
        "\"octet-stream\" (\"name\" \"f24.bin\") NIL NIL \"base64\" 16 NIL (\"attachment\" (\"filename\" \"f24.bin\")) NIL " +
        "NIL)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1 NIL NIL NIL NIL)(\"text\" \"plain\" " +
        "(\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1 NIL NIL NIL NIL)(\"application\" \"octet-stream\" (\"name\" " +
        "\"f27.bin\") NIL NIL \"base64\" 16 NIL (\"attachment\" (\"filename\" \"f27.bin\")) NIL NIL)(\"text\" \"plain\" " +
        "(\"charset\" \"utf-8\") NIL NIL \"7bit\" 36 1 NIL NIL NIL NIL)(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL " +
        "\"7bit\" 36 1 NIL NIL NIL NIL)(\"application\" \"octet-stream\" (\"name\" \"f30.bin\") NIL NIL \"base64\" 16 " +
        "NIL (\"attachment\" (\"filename\" \"f30.bin\")) NIL NIL) \"mixed\" (\"boundary\" \"p30\") NIL NIL NIL)";

    public const string MalformedBoundaryEnvelope =
        "(\"Fri, 4 Apr 2025 00:00:00 +0000\" \"Broken boundaries\" ((\"Mallory\" NIL \"mallory\" \"example.com\")) " +
        "((\"Mallory\" NIL \"mallory\" \"example.com\")) ((\"Mallory\" NIL \"mallory\" \"example.com\")) ((NIL NIL \"bob\" " +
        "\"example.com\")) NIL NIL NIL NIL)";

    public const string MalformedBoundaryBody =
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 11 0)(\"text\" \"plain\" (\"charset\" \"us-ascii\") " +
        "NIL NIL \"base64\" 18 1) \"mixed\")";

    public const string MalformedBoundaryBodyStructure =
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 11 0 NIL NIL NIL NIL)(\"text\" \"plain\" " +
        "(\"charset\" \"us-ascii\") NIL NIL \"base64\" 18 1 NIL NIL NIL NIL) \"mixed\" (\"boundary\" \"abc\") NIL NIL " +
        "NIL)";

    public const string EightBitHeadersEnvelope =
        "(\"Sat, 5 Apr 2025 18:00:00 +0200\" {17}\r\nGrüße aus Köln (({13}\r\nJörg Müller NIL \"joerg\" " +
        "\"example.de\")) (({13}\r\nJörg Müller NIL \"joerg\" \"example.de\")) (({13}\r\nJörg Müller NIL \"joerg\" " +
        "\"example.de\")) (({16}\r\nZoë \"Z\" O'Brien NIL \"zoe\" \"example.ie\")) NIL NIL NIL \"<8bit@example.de>\")";

    public const string EightBitHeadersBody =
        "(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"8bit\" 18 1)";

    public const string EightBitHeadersBodyStructure =
        "(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"8bit\" 18 1 NIL NIL NIL NIL)";

    public const string GroupsEnvelope =
        "(\"Sun, 6 Apr 2025 07:00:00 +0000\" \"Groups\" ((\"Alice\" NIL \"alice\" \"example.org\")) ((NIL NIL \"bounce\" " +
        "\"example.org\")) ((NIL NIL \"list\" \"example.org\")) ((NIL NIL \"Team\" NIL)(NIL NIL \"bob\" " +
        "\"example.com\")(\"Carol\" NIL \"carol\" \"example.net\")(NIL NIL NIL NIL)(NIL NIL \"dave\" \"example.com\")) " +
        "((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) ((NIL NIL \"eve\" \"example.com\")) NIL NIL)";

    public const string GroupsBody =
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 7 1)";

    public const string GroupsBodyStructure =
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 7 1 NIL NIL NIL NIL)";

    public const string MissingDateAndFromEnvelope =
        "(NIL \"No date, no from\" NIL NIL NIL NIL NIL NIL NIL NIL)";

    public const string MissingDateAndFromBody =
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 11 1)";

    public const string MissingDateAndFromBodyStructure =
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 11 1 NIL NIL NIL NIL)";

    public const string Latin1QuotedPrintableEnvelope =
        "(\"Mon, 7 Apr 2025 09:15:00 +0200\" \"=?iso-8859-1?q?R=E9sum=E9?=\" ((\"=?iso-8859-1?q?Ren=E9?=\" NIL " +
        "\"rene\" \"example.fr\")) ((\"=?iso-8859-1?q?Ren=E9?=\" NIL \"rene\" \"example.fr\")) " +
        "((\"=?iso-8859-1?q?Ren=E9?=\" NIL \"rene\" \"example.fr\")) ((NIL NIL \"bob\" \"example.com\")) NIL NIL NIL " +
        "NIL)";

    public const string Latin1QuotedPrintableBody =
        "(\"text\" \"plain\" (\"charset\" \"iso-8859-1\") NIL NIL \"quoted-printable\" 54 2)";

    public const string Latin1QuotedPrintableBodyStructure =
        "(\"text\" \"plain\" (\"charset\" \"iso-8859-1\") NIL NIL \"quoted-printable\" 54 2 NIL NIL NIL NIL)";

    public const string BadHeadersEnvelope =
        "(NIL \"Bad headers\" ((\"Alice\" NIL \"alice\" \"example.org\")) ((\"Alice\" NIL \"alice\" \"example.org\")) " +
        "((\"Alice\" NIL \"alice\" \"example.org\")) NIL NIL NIL NIL NIL)";

    public const string BadHeadersBody =
        "(\"text\" \"plain\" (\"charset\" \"\") NIL NIL \"x-unknown\" 29 1)";

    public const string BadHeadersBodyStructure =
        "(\"text\" \"plain\" (\"charset\" \"\") NIL NIL \"x-unknown\" 29 1 NIL NIL NIL NIL)";

    public const string DigestEnvelope =
        "(NIL \"Digest\" ((NIL NIL \"list\" \"example.org\")) ((NIL NIL \"list\" \"example.org\")) ((NIL NIL \"list\" " +
        "\"example.org\")) NIL NIL NIL NIL NIL)";

    public const string DigestBody =
        "((\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 43 (NIL \"one\" ((NIL NIL \"a\" \"example.org\")) ((NIL NIL \"a\" " +
        "\"example.org\")) ((NIL NIL \"a\" \"example.org\")) NIL NIL NIL NIL NIL) (\"text\" \"plain\" (\"charset\" " +
        "\"us-ascii\") NIL NIL \"7bit\" 6 0) 3)(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 85 (NIL \"two\" ((NIL NIL " +
        "\"b\" \"example.org\")) ((NIL NIL \"b\" \"example.org\")) ((NIL NIL \"b\" \"example.org\")) NIL NIL NIL NIL " +
        "NIL) (\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 7 0) 4) \"digest\")";

    public const string DigestBodyStructure =
        "((\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 43 (NIL \"one\" ((NIL NIL \"a\" \"example.org\")) ((NIL NIL \"a\" " +
        "\"example.org\")) ((NIL NIL \"a\" \"example.org\")) NIL NIL NIL NIL NIL) (\"text\" \"plain\" (\"charset\" " +
        "\"us-ascii\") NIL NIL \"7bit\" 6 0 NIL NIL NIL NIL) 3 NIL NIL NIL NIL)(\"message\" \"rfc822\" NIL NIL NIL " +
        "\"7bit\" 85 (NIL \"two\" ((NIL NIL \"b\" \"example.org\")) ((NIL NIL \"b\" \"example.org\")) ((NIL NIL \"b\" " +
        "\"example.org\")) NIL NIL NIL NIL NIL) (\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 7 0 NIL NIL " +
        "NIL NIL) 4 NIL NIL NIL NIL) \"digest\" (\"boundary\" \"d\") NIL NIL NIL)";

    public const string TopLevelMessageEnvelope =
        "(NIL \"wrapper\" ((NIL NIL \"wrap\" \"example.org\")) ((NIL NIL \"wrap\" \"example.org\")) ((NIL NIL \"wrap\" " +
        "\"example.org\")) NIL NIL NIL NIL NIL)";

    public const string TopLevelMessageBody =
        "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 56 (NIL \"inner\" ((NIL NIL \"inner\" \"example.org\")) ((NIL NIL " +
        "\"inner\" \"example.org\")) ((NIL NIL \"inner\" \"example.org\")) NIL NIL NIL NIL NIL) (\"text\" \"plain\" " +
        "(\"charset\" \"us-ascii\") NIL NIL \"7bit\" 13 1) 4)";

    public const string TopLevelMessageBodyStructure =
        "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 56 (NIL \"inner\" ((NIL NIL \"inner\" \"example.org\")) ((NIL NIL " +
        "\"inner\" \"example.org\")) ((NIL NIL \"inner\" \"example.org\")) NIL NIL NIL NIL NIL) (\"text\" \"plain\" " +
        "(\"charset\" \"us-ascii\") NIL NIL \"7bit\" 13 1 NIL NIL NIL NIL) 4 NIL NIL NIL NIL)";

    public const string NestedMultipartWithRfc2231Envelope =
        "(NIL \"nested multiparts\" ((NIL NIL \"a\" \"example.org\")) ((NIL NIL \"a\" \"example.org\")) ((NIL NIL \"a\" " +
        "\"example.org\")) NIL NIL NIL NIL NIL)";

    public const string NestedMultipartWithRfc2231Body =
        "(((\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 17 0)(\"image\" \"png\" NIL \"<x>\" NIL \"base64\" 12) " +
        "\"related\")(\"application\" \"octet-stream\" (\"filename\" \"ab\" \"name*0*\" \"utf-8''%E2%82%AC.bin\" \"name*0*\" " +
        "\"x\") NIL NIL \"7bit\" 4) \"mixed\")";

    public const string NestedMultipartWithRfc2231BodyStructure =
        "(((\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 17 0 NIL NIL NIL NIL)(\"image\" \"png\" NIL \"<x>\" " +
        "NIL \"base64\" 12 NIL NIL NIL NIL) \"related\" (\"boundary\" \"inner\" \"type\" \"text/html\") NIL NIL " +
        "NIL)(\"application\" \"octet-stream\" (\"filename\" \"ab\" \"name*0*\" \"utf-8''%E2%82%AC.bin\" \"name*0*\" \"x\") " +
        "NIL NIL \"7bit\" 4 NIL (\"attachment\" (\"filename*\" \"utf-8''%E2%82%AC.bin\")) NIL NIL) \"mixed\" " +
        "(\"boundary\" \"outer\") NIL NIL NIL)";

    public const string EmptyMultipartEnvelope =
        "(NIL \"empty multipart\" ((NIL NIL \"a\" \"example.org\")) ((NIL NIL \"a\" \"example.org\")) ((NIL NIL \"a\" " +
        "\"example.org\")) NIL NIL NIL NIL NIL)";

    public const string EmptyMultipartBody =
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0) \"mixed\")";

    public const string EmptyMultipartBodyStructure =
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL) \"mixed\" (\"boundary\" " +
        "\"never\") NIL NIL NIL)";

    public const string TypeWithoutSubtypeEnvelope =
        "(NIL \"type without subtype\" ((NIL NIL \"a\" \"example.org\")) ((NIL NIL \"a\" \"example.org\")) ((NIL NIL " +
        "\"a\" \"example.org\")) NIL NIL NIL NIL NIL)";

    public const string TypeWithoutSubtypeBody =
        "(\"text\" \"\" (\"charset\" \"us-ascii\") NIL NIL \"Base64\" 6 1)";

    public const string TypeWithoutSubtypeBodyStructure =
        "(\"text\" \"\" (\"charset\" \"us-ascii\") NIL NIL \"Base64\" 6 1 NIL NIL (\"en\") NIL)";

    public const string OddAddressesEnvelope =
        "(NIL {18}\r\nlots of space tabs ((\"Smith, John\" NIL \"john\" \"example.com\")) ((\"Smith, John\" NIL \"john\" " +
        "\"example.com\")) ((NIL NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\")) ((\"=?utf-8?B?SsO2cmc=?=\" NIL \"j\" " +
        "\"example.de\")(\"Quoted Only\" NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\")) ((NIL NIL \"a\" \"b.c\")(NIL NIL " +
        "\"MISSING_MAILBOX\" \"MISSING_DOMAIN\")(NIL NIL \"d\" \"e.f\")) NIL NIL \"no-brackets@x\")";

    public const string OddAddressesBody =
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 3 1)";

    public const string OddAddressesBodyStructure =
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 3 1 NIL NIL NIL NIL)";
}
