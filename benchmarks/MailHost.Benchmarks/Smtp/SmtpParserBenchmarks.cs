using System.Buffers;
using BenchmarkDotNet.Attributes;
using MailHost.Smtp.Parsing;

namespace MailHost.Benchmarks.Smtp;

/// <summary>SMTP command parsing from the receive buffer: expected 0 B allocated per command.</summary>
[MemoryDiagnoser]
public class SmtpParserBenchmarks
{
    private readonly byte[] _scratch = new byte[SmtpLimits.LargestWindow];
    private readonly ReadOnlySequence<byte> _ehlo = new("EHLO client.example.test\r\n"u8.ToArray());
    private readonly ReadOnlySequence<byte> _mail = new("MAIL FROM:<alice@example.test> SIZE=1048576 BODY=8BITMIME SMTPUTF8\r\n"u8.ToArray());
    private readonly ReadOnlySequence<byte> _rcpt = new("RCPT TO:<bob@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.test\r\n"u8.ToArray());
    private readonly ReadOnlySequence<byte> _bdat = new("BDAT 65536 LAST\r\n"u8.ToArray());

    [Benchmark]
    public int Ehlo() => Parse(_ehlo);

    [Benchmark]
    public int MailWithParameters() => Parse(_mail);

    [Benchmark]
    public int RcptWithDsn() => Parse(_rcpt);

    [Benchmark]
    public int BdatHeader() => Parse(_bdat);

    private int Parse(ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(line);
        SmtpCommandParser.TryRead(ref reader, _scratch, rcptUtf8: false, out var command, out _);
        return (int)command.Verb;
    }
}
