using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using MailHost.Imap.Messages;

namespace MailHost.Benchmarks.Imap.Messages;

/// <summary>
/// Cost of computing ENVELOPE/BODY/BODYSTRUCTURE (one <see cref="ImapMessage.LoadAsync"/>) for a 30-part message, and of the
/// per-FETCH work once it is cached (section lookup, HEADER.FIELDS materialisation).
/// </summary>
[MemoryDiagnoser]
public class ImapMessageBenchmarks
{
    private static readonly SectionSpec HeaderFields = new([], SectionKind.HeaderFields, ["FROM", "TO", "SUBJECT", "DATE"]);
    private static readonly SectionSpec Part29 = new([29], SectionKind.Full, []);

    private byte[] thirtyParts = [];
    private ImapMessage loaded = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        thirtyParts = BuildThirtyParts();
        using var stream = new MemoryStream(thirtyParts, writable: false);
        loaded = await ImapMessage.LoadAsync(stream, CancellationToken.None);
    }

    [Benchmark(Baseline = true)]
    public async Task<int> Load_thirty_parts()
    {
        using var stream = new MemoryStream(thirtyParts, writable: false);
        var message = await ImapMessage.LoadAsync(stream, CancellationToken.None);
        return message.BodyStructure.Length + message.Envelope.Length;
    }

    [Benchmark]
    public long Section_lookup() => loaded.GetSection(Part29)!.Value.Length;

    [Benchmark]
    public long Header_fields() => loaded.GetSection(HeaderFields)!.Value.Length;

    private static byte[] BuildThirtyParts()
    {
        var text = new StringBuilder();
        text.Append("From: Alice <alice@example.org>\r\nTo: Bob <bob@example.com>, carol@example.net\r\nSubject: Thirty parts\r\n")
            .Append("Date: Tue, 8 Apr 2025 10:00:00 +0000\r\nMessage-ID: <thirty@example.org>\r\nMIME-Version: 1.0\r\n")
            .Append("Content-Type: multipart/mixed; boundary=\"p30\"\r\n\r\n");
        for (var i = 1; i <= 30; i++)
        {
            if (i % 3 == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"--p30\r\nContent-Type: application/octet-stream; name=\"f{i}.bin\"\r\n")
                    .Append(CultureInfo.InvariantCulture, $"Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"f{i}.bin\"\r\n\r\n")
                    .Append(Convert.ToBase64String(new byte[4096], Base64FormattingOptions.InsertLineBreaks)).Append("\r\n");
            }
            else
            {
                text.Append("--p30\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
                for (var line = 0; line < 20; line++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"Part {i} line {line}: caf=C3=A9 and some ordinary text.\r\n");
                }
            }
        }

        return Encoding.ASCII.GetBytes(text.Append("--p30--\r\n").ToString());
    }
}
