using MailHost.Accounts.Files;

namespace MailHost.Accounts.Tests.Files;

public sealed class AtomicFileTests
{
    [Test]
    public async Task Replaces_contents_with_lf_line_ends_and_no_bom()
    {
        using var directory = new TempDirectory();
        var path = directory.File("users");
        await File.WriteAllTextAsync(path, "old\n");

        await AtomicFile.WriteAllLinesAsync(path, ["a", "ü"], CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo("a\nü\n"u8.ToArray()));
            Assert.That(Directory.GetFiles(directory.Path), Has.Length.EqualTo(1));
        }
    }

    [Test]
    public void Interrupted_write_leaves_the_old_file_and_no_temporary()
    {
        using var directory = new TempDirectory();
        var path = directory.File("users");
        File.WriteAllText(path, "old\n");

        Assert.ThrowsAsync<InvalidOperationException>(() => AtomicFile.WriteAllLinesAsync(path, Lines(), CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllText(path), Is.EqualTo("old\n"));
            Assert.That(Directory.GetFiles(directory.Path), Has.Length.EqualTo(1));
        }

        static IEnumerable<string> Lines()
        {
            yield return "new first line";
            throw new InvalidOperationException("simulated failure half-way through");
        }
    }

    [Test]
    public async Task Keeps_the_mode_of_an_existing_file()
    {
        using var directory = new TempDirectory();
        var path = directory.File("users");
        await File.WriteAllTextAsync(path, "old\n");
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes only.");
        }
        else
        {
            const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
            File.SetUnixFileMode(path, mode);

            await AtomicFile.WriteAllLinesAsync(path, ["new"], CancellationToken.None);

            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(mode));
        }
    }

    [Test]
    public void Directory_fsync_succeeds_on_a_directory_and_reports_a_missing_one()
    {
        using var directory = new TempDirectory();
        var missing = System.IO.Path.Combine(directory.Path, "gone");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => DirectorySync.Fsync(directory.Path), Throws.Nothing);
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(() => DirectorySync.Fsync(missing), Throws.InstanceOf<IOException>().With.Message.Contains("gone"));
            }
        }
    }
}
