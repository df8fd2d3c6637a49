using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using MailHost.Imap.Session;

namespace MailHost.Benchmarks.Imap;

/// <summary>
/// APPEND literal streaming: <c>ImapInput.ReadExactAsync</c> copying a 16 MiB literal from the connection's pipe, chunk by
/// chunk as it arrives (64 KiB reads, as a socket delivers it), into the destination stream. The destination is
/// <see cref="Stream.Null"/> so this is the protocol side alone (the tmp/ file write is the store's, see the Store
/// benchmarks). Throughput = 16 MiB / Mean.
/// </summary>
[MemoryDiagnoser]
public class LiteralStreamingBenchmarks
{
    private const int LiteralLength = 16 * 1024 * 1024;
    private const int MaxLineLength = 65536;

    private byte[] literal = [];

    [GlobalSetup]
    public void Setup()
    {
        literal = new byte[LiteralLength];
        new Random(42).NextBytes(literal);
    }

    [Benchmark]
    public async Task<long> StreamLiteral16MiB()
    {
        using var source = new MemoryStream(literal, writable: false);
        var reader = PipeReader.Create(source, new StreamPipeReaderOptions(bufferSize: 65536, minimumReadSize: 16384, leaveOpen: true));
        var input = new ImapInput(reader, MaxLineLength);
        var status = await input.ReadExactAsync(LiteralLength, Stream.Null, null, CancellationToken.None);
        await reader.CompleteAsync();
        return status == ReadStatus.Ok ? source.Position : throw new InvalidOperationException("literal read ended " + status);
    }
}
