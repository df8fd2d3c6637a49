namespace MailHost.Imap.Tests.Messages;

/// <summary>Fixture messages (CRLF line ends, non-ASCII stored as UTF-8 octets) used by the message rendering tests.</summary>
internal static class MessageFixtures
{
    public const string SimpleText =
        "Return-Path: <alice@example.org>\r\n" +
        "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n" +
        "From: \"Alice Q. Example\" <alice@example.org>\r\n" +
        "To: Bob <bob@example.com>, carol@example.net\r\n" +
        "Cc: \"Dave \\\"the\\\" Admin\" <dave@example.com>\r\n" +
        "Subject: =?utf-8?q?Caf=C3=A9?= meeting\r\n" +
        " tomorrow\r\n" +
        "Message-ID: <B27397-0100000@example.org>\r\n" +
        "In-Reply-To: <prev@example.org>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII; format=flowed\r\n" +
        "\r\n" +
        "Hello Bob,\r\n" +
        "\r\n" +
        "See you at the cafe.\r\n" +
        "-- \r\n" +
        "Alice\r\n";

    public const string Alternative =
        "From: Alice <alice@example.org>\r\n" +
        "To: bob@example.com\r\n" +
        "Subject: Alternative\r\n" +
        "Date: Tue, 1 Apr 2025 10:00:00 +0000\r\n" +
        "Message-ID: <alt@example.org>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: multipart/alternative; boundary=\"=_alt_boundary\"\r\n" +
        "\r\n" +
        "This is a multi-part message in MIME format.\r\n" +
        "\r\n" +
        "--=_alt_boundary\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "Content-Transfer-Encoding: quoted-printable\r\n" +
        "\r\n" +
        "Caf=C3=A9 at noon=2C see you.\r\n" +
        "Second line.\r\n" +
        "--=_alt_boundary\r\n" +
        "Content-Type: text/html; charset=\"utf-8\"\r\n" +
        "Content-Transfer-Encoding: quoted-printable\r\n" +
        "\r\n" +
        "<p>Caf=C3=A9 at <b>noon</b></p>\r\n" +
        "--=_alt_boundary--\r\n";

    public const string MixedWithAttachment =
        "From: Alice <alice@example.org>\r\n" +
        "To: bob@example.com\r\n" +
        "Subject: Report attached\r\n" +
        "Date: Wed, 2 Apr 2025 08:30:00 +0200\r\n" +
        "Message-ID: <mixed@example.org>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=outer\r\n" +
        "\r\n" +
        "--outer\r\n" +
        "Content-Type: text/plain; charset=us-ascii\r\n" +
        "\r\n" +
        "Please find the report attached.\r\n" +
        "--outer\r\n" +
        "Content-Type: application/pdf; name=\"report.pdf\"\r\n" +
        "Content-Transfer-Encoding: base64\r\n" +
        "Content-Disposition: attachment; filename=\"report.pdf\"; size=20\r\n" +
        "Content-ID: <part2@example.org>\r\n" +
        "Content-Description: Quarterly report\r\n" +
        "Content-Language: en-GB, fr\r\n" +
        "Content-Location: http://example.org/report.pdf\r\n" +
        "Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\r\n" +
        "\r\n" +
        "JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoK\r\n" +
        "PDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCg==\r\n" +
        "--outer--\r\n";

    public const string NestedMessage =
        "From: Alice <alice@example.org>\r\n" +
        "To: bob@example.com\r\n" +
        "Subject: Fwd: Original\r\n" +
        "Date: Thu, 3 Apr 2025 12:00:00 -0500\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"b1\"\r\n" +
        "\r\n" +
        "--b1\r\n" +
        "Content-Type: text/plain\r\n" +
        "\r\n" +
        "See the forwarded message.\r\n" +
        "--b1\r\n" +
        "Content-Type: message/rfc822\r\n" +
        "Content-Disposition: inline\r\n" +
        "\r\n" +
        "From: Carol <carol@example.net>\r\n" +
        "To: Alice <alice@example.org>\r\n" +
        "Subject: Original\r\n" +
        "Date: Wed, 2 Apr 2025 09:00:00 +0000\r\n" +
        "Message-ID: <orig@example.net>\r\n" +
        "Content-Type: multipart/alternative; boundary=\"b2\"\r\n" +
        "\r\n" +
        "--b2\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "\r\n" +
        "Original text.\r\n" +
        "--b2\r\n" +
        "Content-Type: text/html; charset=utf-8\r\n" +
        "\r\n" +
        "<p>Original text.</p>\r\n" +
        "--b2--\r\n" +
        "\r\n" +
        "--b1--\r\n";

    public const string MalformedBoundary =
        "From: Mallory <mallory@example.com>\r\n" +
        "To: bob@example.com\r\n" +
        "Subject: Broken boundaries\r\n" +
        "Date: Fri, 4 Apr 2025 00:00:00 +0000\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"abc\"\r\n" +
        "\r\n" +
        "--abc\r\n" +
        "Content-Type: text/plain\r\n" +
        "\r\n" +
        "First part.\r\n" +
        "--abc\r\n" +
        "Content-Type: text/plain\r\n" +
        "Content-Transfer-Encoding: base64\r\n" +
        "\r\n" +
        "U2Vjb25kIHBhcnQu\r\n";

    public const string EightBitHeaders =
        "From: Jörg Müller <joerg@example.de>\r\n" +
        "To: \"Zoë \\\"Z\\\" O'Brien\" <zoe@example.ie>\r\n" +
        "Subject: Grüße aus Köln\r\n" +
        "Date: Sat, 5 Apr 2025 18:00:00 +0200\r\n" +
        "Message-ID: <8bit@example.de>\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "Content-Transfer-Encoding: 8bit\r\n" +
        "\r\n" +
        "Schöne Grüße!\r\n";

    public const string Groups =
        "From: Alice <alice@example.org>\r\n" +
        "To: Team: bob@example.com, Carol <carol@example.net>;, dave@example.com\r\n" +
        "Cc: undisclosed-recipients:;\r\n" +
        "Bcc: (comment only) eve@example.com\r\n" +
        "Reply-To: list@example.org\r\n" +
        "Sender: bounce@example.org\r\n" +
        "Subject: Groups\r\n" +
        "Date: Sun, 6 Apr 2025 07:00:00 +0000\r\n" +
        "\r\n" +
        "Body.\r\n";

    public const string MissingDateAndFrom =
        "Subject: No date, no from\r\n" +
        "X-Note: bare message\r\n" +
        "\r\n" +
        "Just text\r\n";

    public const string Latin1QuotedPrintable =
        "From: =?iso-8859-1?q?Ren=E9?= <rene@example.fr>\r\n" +
        "To: bob@example.com\r\n" +
        "Subject: =?iso-8859-1?q?R=E9sum=E9?=\r\n" +
        "Date: Mon, 7 Apr 2025 09:15:00 +0200\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=iso-8859-1\r\n" +
        "Content-Transfer-Encoding: quoted-printable\r\n" +
        "\r\n" +
        "Le caf=E9 est pr=EAt =E0 midi. Tr=E8s bien=\r\n" +
        " alors.\r\n";

    public const string BadHeaders =
        "From: Alice <alice@example.org>\r\n" +
        "This line has no colon\r\n" +
        "Subject: Bad headers\r\n" +
        "Content-Type: text/plain; charset=\r\n" +
        "Content-Transfer-Encoding: x-unknown\r\n" +
        "\r\n" +
        "Body with unknown encoding.\r\n";

    public const string Digest =
        "From: list@example.org\r\n" +
        "Subject: Digest\r\n" +
        "Content-Type: multipart/digest; boundary=d\r\n" +
        "\r\n" +
        "--d\r\n" +
        "\r\n" +
        "From: a@example.org\r\n" +
        "Subject: one\r\n" +
        "\r\n" +
        "First.\r\n" +
        "--d\r\n" +
        "Content-Type: message/rfc822\r\n" +
        "\r\n" +
        "From: b@example.org\r\n" +
        "Subject: two\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "\r\n" +
        "Second.\r\n" +
        "--d--\r\n";

    public const string TopLevelMessage =
        "From: wrap@example.org\r\n" +
        "Subject: wrapper\r\n" +
        "Content-Type: message/rfc822\r\n" +
        "\r\n" +
        "From: inner@example.org\r\n" +
        "Subject: inner\r\n" +
        "\r\n" +
        "Inner body.\r\n";

    public const string NestedMultipartWithRfc2231 =
        "From: a@example.org\r\n" +
        "Subject: nested multiparts\r\n" +
        "Content-Type: multipart/mixed; boundary=\"outer\"\r\n" +
        "\r\n" +
        "preamble\r\n" +
        "--outer\r\n" +
        "Content-Type: multipart/related; boundary=\"inner\"; type=\"text/html\"\r\n" +
        "\r\n" +
        "--inner\r\n" +
        "Content-Type: text/html; charset=utf-8\r\n" +
        "Content-Transfer-Encoding: 7bit\r\n" +
        "\r\n" +
        "<img src=\"cid:x\">\r\n" +
        "--inner\r\n" +
        "Content-Type: image/png\r\n" +
        "Content-ID: <x>\r\n" +
        "Content-Transfer-Encoding: base64\r\n" +
        "\r\n" +
        "iVBORw0KGgo=\r\n" +
        "--inner--\r\n" +
        "epilogue inner\r\n" +
        "--outer\r\n" +
        "Content-Type: application/octet-stream; name*=utf-8''%E2%82%AC.bin; name*0*=x; filename*0=\"a\"; filename*1=\"b\"\r\n" +
        "Content-Disposition: attachment; filename*0*=utf-8''%E2%82%AC; filename*1=\".bin\"\r\n" +
        "\r\n" +
        "AAAA\r\n" +
        "--outer--\r\n" +
        "trailing epilogue\r\n";

    public const string EmptyMultipart =
        "From: a@example.org\r\n" +
        "Subject: empty multipart\r\n" +
        "Content-Type: multipart/mixed; boundary=\"never\"\r\n" +
        "\r\n" +
        "nothing here\r\n";

    public const string TypeWithoutSubtype =
        "From: a@example.org\r\n" +
        "Subject: type without subtype\r\n" +
        "Content-Type: text\r\n" +
        "Content-Transfer-Encoding: Base64 (comment)\r\n" +
        "Content-Language: en\r\n" +
        "\r\n" +
        "SGk=\r\n";

    public const string OddAddresses =
        "From: \"Smith, John\" <john@example.com>\r\n" +
        "To: =?utf-8?B?SsO2cmc=?= <j@example.de>, \"Quoted Only\" \r\n" +
        "Cc: a@b.c, , d@e.f,\r\n" +
        "Reply-To: <>\r\n" +
        "Subject:   lots   of    space	tabs  \r\n" +
        "Message-ID: no-brackets@x\r\n" +
        "Content-Type: text/plain\r\n" +
        "\r\n" +
        "x\r\n";

    /// <summary>multipart/mixed with 30 parts: every third one a base64 attachment, the others two-line text parts.</summary>
    public static string ThirtyParts { get; } = BuildThirtyParts();

    private static string BuildThirtyParts()
    {
        var text = new System.Text.StringBuilder();
        text.Append("From: Alice <alice@example.org>\r\nTo: bob@example.com\r\nSubject: Thirty parts\r\n")
            .Append("Date: Tue, 8 Apr 2025 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"p30\"\r\n\r\n");
        for (var i = 1; i <= 30; i++)
        {
            if (i % 3 == 0)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"--p30\r\nContent-Type: application/octet-stream; name=\"f{i}.bin\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"f{i}.bin\"\r\n\r\nAAECAwQFBgcICQ==\r\n");
            }
            else
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"--p30\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPart {i} line one.\r\nPart {i} line two.\r\n");
            }
        }

        return text.Append("--p30--\r\n").ToString();
    }
}
