using MailHost.Store.Internal;

namespace MailHost.Store.Tests.Internal;

public sealed class StoreErrorsTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(new IOException("No space left on device", 28), StoreStatus.DiskFull);
        yield return new TestCaseData(new IOException("disk full", unchecked((int)0x80070070)), StoreStatus.DiskFull);
        yield return new TestCaseData(new IOException("Read-only file system", 30), StoreStatus.StorageReadOnly);
        yield return new TestCaseData(new UnauthorizedAccessException("denied"), StoreStatus.StorageReadOnly);
        yield return new TestCaseData(new IOException("wrapped", new IOException("No space left on device", 28)), StoreStatus.DiskFull);
        yield return new TestCaseData(new IOException("I/O error", 5), StoreStatus.Failed);
        yield return new TestCaseData(new DirectoryNotFoundException("folder renamed"), StoreStatus.NonExistent);
    }

    [TestCaseSource(nameof(Cases))]
    public void Maps_file_system_failures_to_statuses(Exception exception, StoreStatus expected)
    {
        Assert.That(StoreErrors.Classify(exception), Is.EqualTo(expected));
    }

    [Test]
    public async Task A_failing_write_is_remembered_and_the_rest_is_counted_and_discarded()
    {
        await using var stream = new CountingWriteStream(new FailingStream());
        await stream.WriteAsync("ab\ncd\r\n"u8.ToArray());
        await stream.WriteAsync("more\n"u8.ToArray());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(StoreErrors.Classify(stream.Failure!), Is.EqualTo(StoreStatus.DiskFull));
            Assert.That(stream.BytesWritten, Is.EqualTo(12));
            Assert.That(stream.VirtualSize, Is.EqualTo(14), "two bare LFs become CRLF in the RFC822.SIZE");
        }
    }

    /// <summary>Fails both ways: small messages are written synchronously, large ones asynchronously.</summary>
    private sealed class FailingStream : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("No space left on device", 28);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("No space left on device", 28));
    }
}
