using System.Diagnostics;
using System.Globalization;
using System.Text;
using MailHost.EndToEnd.Tests.Support;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailHost.EndToEnd.Tests.Faults;

/// <summary>
/// A data folder owned by the test rather than by one <see cref="DaemonProcess"/>, so the daemon can be killed and started
/// again on the same store (the fixture's own folder is deleted when the daemon is disposed); plus the mail helpers the fault
/// tests share.
/// </summary>
internal sealed class FaultStore : IDisposable
{
    public const string User = "alice@localhost";
    public const string Password = "secret";
    public const string EndMarker = "END-OF-MESSAGE";

    public FaultStore()
    {
        Root = Path.Combine(Path.GetTempPath(), "mailhost-faults-" + Guid.NewGuid().ToString("N"));
        DataPath = Path.Combine(Root, "data");
        Directory.CreateDirectory(DataPath);
    }

    public string Root { get; }

    public string DataPath { get; }

    /// <summary>alice's Maildir (INBOX), <c>&lt;data&gt;/mail/&lt;domain&gt;/&lt;user&gt;</c>.</summary>
    public string Inbox => Path.Combine(DataPath, "mail", "localhost", "alice");

    /// <summary>Starts the daemon on this data folder; <paramref name="addUser"/> only the first time.</summary>
    public async Task<DaemonProcess> StartAsync(bool addUser, Action<DaemonOptions>? configure, CancellationToken cancellationToken)
    {
        var options = new DaemonOptions();
        options.Endpoints.Clear();
        options.Endpoints.Add("imap");
        options.Endpoints.Add("smtp");
        options.Configuration["Data"] = DataPath;
        if (addUser)
        {
            options.Users[User] = Password;
        }

        configure?.Invoke(options);
        return await DaemonProcess.StartAsync(options, cancellationToken);
    }

    /// <summary>kill -9: no drain, no flush, no finally blocks in the daemon.</summary>
    public static async Task KillAsync(DaemonProcess daemon, CancellationToken cancellationToken)
    {
        using (var process = Process.GetProcessById(daemon.ProcessId))
        {
            process.Kill();
        }

        await daemon.WaitForExitAsync(cancellationToken);
    }

    public static MimeMessage NewMessage(string subject, int bodyBytes)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("sender@remote.test"));
        message.To.Add(MailboxAddress.Parse(User));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("faults.test");
        var body = new StringBuilder();
        var line = 0;
        while (body.Length < bodyBytes)
        {
            body.Append("line ").Append(line++.ToString(CultureInfo.InvariantCulture)).Append(' ').Append('x', 60).Append("\r\n");
        }

        body.Append(EndMarker).Append("\r\n");
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }

    public static async Task<SmtpClient> ConnectSmtpAsync(DaemonProcess daemon, CancellationToken cancellationToken)
    {
        var smtp = new SmtpClient();
        await smtp.ConnectAsync(DaemonProcess.Host, daemon.Port("smtp"), SecureSocketOptions.None, cancellationToken);
        return smtp;
    }

    public static async Task<ImapClient> ConnectImapAsync(DaemonProcess daemon, CancellationToken cancellationToken)
    {
        var imap = new ImapClient();
        await imap.ConnectAsync(DaemonProcess.Host, daemon.Port("imap"), SecureSocketOptions.None, cancellationToken);
        await imap.AuthenticateAsync(User, Password, cancellationToken);
        return imap;
    }

    /// <summary>UIDs of the messages in <paramref name="folder"/> whose Message-ID header is <paramref name="messageId"/>.</summary>
    public static async Task<IList<UniqueId>> FindAsync(IMailFolder folder, string? messageId, CancellationToken cancellationToken) =>
        await folder.SearchAsync(
            MailKit.Search.SearchQuery.HeaderContains("Message-ID", messageId ?? throw new ArgumentNullException(nameof(messageId))),
            cancellationToken);

    /// <summary>Every file a reader can see (<c>new/</c> and <c>cur/</c>) of one Maildir folder.</summary>
    public static IEnumerable<string> VisibleFiles(string maildir) =>
        new[] { "new", "cur" }.Select(sub => Path.Combine(maildir, sub)).Where(Directory.Exists).SelectMany(Directory.EnumerateFiles);

    /// <summary>Files still staged in <c>tmp/</c>.</summary>
    public static IEnumerable<string> StagedFiles(string maildir)
    {
        var tmp = Path.Combine(maildir, "tmp");
        return Directory.Exists(tmp) ? Directory.EnumerateFiles(tmp) : [];
    }

    /// <summary>A visible file is whole when it parses and still ends with the marker line every test message ends with.</summary>
    public static async Task<(string? MessageId, bool Whole)> ReadVisibleAsync(string file, CancellationToken cancellationToken)
    {
        var message = await MimeMessage.LoadAsync(file, cancellationToken);
        var text = message.TextBody ?? string.Empty;
        return (message.MessageId, text.TrimEnd().EndsWith(EndMarker, StringComparison.Ordinal));
    }

    /// <summary>Runs a command that must succeed (mount, umount); returns false with its error output otherwise.</summary>
    public static async Task<(bool Ok, string Error)> RunAsync(string file, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {file}");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode == 0, await error);
    }

    /// <summary>
    /// APPEND over a raw connection with a synchronizing literal; returns the tagged reply line exactly as the server sent it
    /// (MailKit hides the response code of a failed APPEND).
    /// </summary>
    public static Task<string> RawAppendAsync(DaemonProcess daemon, string mailbox, MimeMessage message, CancellationToken cancellationToken) =>
        RawAppendAsync(daemon, mailbox, message, rev2: false, cancellationToken);

    /// <summary>As above; <paramref name="rev2"/> sends <c>ENABLE IMAP4rev2</c> first (RFC 9051 §6.3.12: APPENDUID is then a MUST).</summary>
    public static async Task<string> RawAppendAsync(DaemonProcess daemon, string mailbox, MimeMessage message, bool rev2, CancellationToken cancellationToken)
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var buffer = new MemoryStream();
        await message.WriteToAsync(format, buffer, cancellationToken);
        var literal = Encoding.ASCII.GetString(buffer.ToArray());

        await using var connection = await LineConnection.OpenAsync(daemon, "imap", cancellationToken);
        await connection.ReadLineAsync(cancellationToken);
        await connection.WriteLineAsync($"a LOGIN {User} {Password}", cancellationToken);
        var login = await connection.ReadUntilAsync("a ", cancellationToken);
        if (!login[^1].StartsWith("a OK", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("LOGIN failed: " + login[^1]);
        }

        if (rev2)
        {
            await connection.WriteLineAsync("e ENABLE IMAP4rev2", cancellationToken);
            var enable = await connection.ReadUntilAsync("e ", cancellationToken);
            if (!enable.Contains("* ENABLED IMAP4rev2") || !enable[^1].StartsWith("e OK", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("ENABLE IMAP4rev2 failed: " + string.Join(" | ", enable));
            }
        }

        await connection.WriteLineAsync($"b APPEND {mailbox} {{{Encoding.ASCII.GetByteCount(literal).ToString(CultureInfo.InvariantCulture)}}}", cancellationToken);
        var continuation = await connection.ReadLineAsync(cancellationToken);
        if (continuation is null || !continuation.StartsWith('+'))
        {
            return continuation ?? "(connection closed)";
        }

        await connection.WriteAsync(literal + "\r\n", cancellationToken);
        var reply = await connection.ReadUntilAsync("b ", cancellationToken);
        return reply.Count > 0 && reply[^1].StartsWith("b ", StringComparison.Ordinal)
            ? reply[^1]
            : "(connection closed without a tagged reply after: " + string.Join(" | ", reply) + ")";
    }

    /// <summary>One LMTP transaction for <see cref="User"/> over a raw connection; returns the reply line after the message.</summary>
    public static async Task<string> RawLmtpAsync(DaemonProcess daemon, MimeMessage message, CancellationToken cancellationToken)
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var buffer = new MemoryStream();
        await message.WriteToAsync(format, buffer, cancellationToken);
        var body = Encoding.ASCII.GetString(buffer.ToArray()).Replace("\r\n.", "\r\n..", StringComparison.Ordinal);

        await using var connection = await LineConnection.OpenAsync(daemon, "lmtp", cancellationToken);
        await connection.ReadLineAsync(cancellationToken);
        await connection.WriteLineAsync("LHLO faults.test", cancellationToken);
        await connection.ReadUntilAsync("250 ", cancellationToken);
        await connection.WriteLineAsync("MAIL FROM:<sender@remote.test>", cancellationToken);
        await connection.ReadLineAsync(cancellationToken);
        await connection.WriteLineAsync($"RCPT TO:<{User}>", cancellationToken);
        var rcpt = await connection.ReadLineAsync(cancellationToken);
        await connection.WriteLineAsync("DATA", cancellationToken);
        var data = await connection.ReadLineAsync(cancellationToken);
        if (data is null || !data.StartsWith("354", StringComparison.Ordinal))
        {
            return $"(no 354: RCPT {rcpt}, DATA {data})";
        }

        await connection.WriteAsync(body + (body.EndsWith("\r\n", StringComparison.Ordinal) ? string.Empty : "\r\n") + ".\r\n", cancellationToken);
        return await connection.ReadLineAsync(cancellationToken) ?? "(connection closed)";
    }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (e.g. "2m") on <paramref name="path"/>; false when not permitted.</summary>
    public static async Task<(bool Ok, string Error)> MountTmpfsAsync(string path, string size, CancellationToken cancellationToken) =>
        await RunAsync("mount", ["-t", "tmpfs", "-o", "size=" + size, "tmpfs", path], cancellationToken);

    /// <summary>
    /// Makes <paramref name="path"/> read-only with a read-only bind mount over itself (chmod is no use: the tests run as root in CI,
    /// and root ignores permission bits); false when not permitted.
    /// </summary>
    public static async Task<(bool Ok, string Error)> MountReadOnlyAsync(string path, CancellationToken cancellationToken)
    {
        var bind = await RunAsync("mount", ["--bind", path, path], cancellationToken);
        if (!bind.Ok)
        {
            return bind;
        }

        var remount = await RunAsync("mount", ["-o", "remount,ro,bind", path], cancellationToken);
        if (!remount.Ok)
        {
            await UnmountAsync(path);
        }

        return remount;
    }

    /// <summary>Lazy unmount, so a daemon that still holds a file there cannot leave the mount behind.</summary>
    public static async Task UnmountAsync(string path)
    {
        var result = await RunAsync("umount", ["-l", path], CancellationToken.None);
        if (!result.Ok)
        {
            throw new InvalidOperationException($"umount {path} failed: {result.Error}");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
