using MailHost.Store.Internal;

namespace MailHost.Store.Tests.Internal;

public sealed class DurableIoTests
{
    private string directory = null!;

    [SetUp]
    public void SetUp() => directory = Directory.CreateTempSubdirectory("mailhost-durableio-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(directory, recursive: true);

    [TestCase(0, typeof(MemoryStream))]
    [TestCase(2048, typeof(MemoryStream))]
    [TestCase(DurableIo.SmallFileLimit, typeof(MemoryStream))]
    [TestCase(DurableIo.SmallFileLimit + 1, typeof(FileStream))]
    [TestCase(300_000, typeof(FileStream))]
    public async Task OpenRead_reads_small_files_whole_and_streams_large_ones_with_the_same_bytes(int size, Type expected)
    {
        var content = new byte[size];
        new Random(size).NextBytes(content);
        var path = Path.Combine(directory, "message");
        await File.WriteAllBytesAsync(path, content);

        await using var stream = DurableIo.OpenRead(path);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream, Is.InstanceOf(expected));
            Assert.That(copy.ToArray(), Is.EqualTo(content));
        }
    }

    [Test]
    public void OpenRead_of_a_missing_file_throws_FileNotFoundException_so_the_session_can_look_for_its_new_name()
    {
        Assert.That(() => DurableIo.OpenRead(Path.Combine(directory, "gone")), Throws.TypeOf<FileNotFoundException>());
    }
}
