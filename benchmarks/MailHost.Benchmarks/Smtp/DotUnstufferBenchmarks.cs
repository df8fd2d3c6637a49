using System.Text;
using BenchmarkDotNet.Attributes;
using MailHost.Smtp.Data;

namespace MailHost.Benchmarks.Smtp;

/// <summary>DATA decoding throughput over a 1 MiB body of 78-octet lines with some stuffed dots: divide the size by the mean time for GB/s.</summary>
[MemoryDiagnoser]
public class DotUnstufferBenchmarks
{
    private const int Slice = 16 * 1024;
    private byte[] _body = [];
    private readonly byte[] _output = new byte[DotUnstuffer.RequiredOutputLength(Slice)];

    [GlobalSetup]
    public void Setup()
    {
        var builder = new StringBuilder();
        var line = new string('x', 76);
        for (var i = 0; builder.Length < 1024 * 1024; i++)
        {
            builder.Append(i % 50 == 0 ? ".." + line[2..] : line).Append("\r\n");
        }

        builder.Append(".\r\n");
        _body = Encoding.ASCII.GetBytes(builder.ToString());
    }

    [Benchmark]
    public long Unstuff1MiB()
    {
        var unstuffer = new DotUnstuffer(1000);
        long total = 0;
        for (var offset = 0; offset < _body.Length && !unstuffer.IsDone; offset += Slice)
        {
            var piece = _body.AsSpan(offset, Math.Min(Slice, _body.Length - offset));
            unstuffer.Process(piece, _output, out var written);
            total += written;
        }

        return total;
    }
}
