using System.Diagnostics;
using System.Text;
using MailHost.Smtp.Tests.Support;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailHost.Smtp.Tests.Loopback;

/// <summary>
/// Real clients (MailKit, Python smtplib, swaks, curl) against the SMTP/LMTP handlers behind the real listener, TLS,
/// accounts and Maildir store; each test checks the exact bytes of the file in the recipient's Maildir.
/// </summary>
[NonParallelizable]
[CancelAfter(60_000)]
public sealed class RealClientTests
{
    private LoopbackHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await LoopbackHost.StartAsync(CancellationToken.None);

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [SetUp]
    public void Mark() => _host.Mark();

    private static MimeMessage Message(string from, string subject, params string[] to)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        foreach (var recipient in to)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Subject = subject;
        message.MessageId = "test-" + subject.Replace(' ', '-') + "@example.test";
        message.Date = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        message.Body = new TextPart("plain") { Text = "Line one\r\n.leading dot\r\n..two dots\r\nlast line" };
        return message;
    }

    private static string Serialize(MimeMessage message)
    {
        using var stream = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(format, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The stored message: trace headers, then exactly what the client meant to send.</summary>
    private static (string Trace, string Body) Split(string stored)
    {
        var received = stored.IndexOf("Received: ", StringComparison.Ordinal);
        var end = stored.IndexOf("\r\n", stored.IndexOf(";\r\n\t", received, StringComparison.Ordinal) + 4, StringComparison.Ordinal) + 2;
        return (stored[..end], stored[end..]);
    }

    [TestCase("submission", SecureSocketOptions.StartTls)]
    [TestCase("submissions", SecureSocketOptions.SslOnConnect)]
    public async Task MailKit_submission_with_auth_over_tls(string endpoint, SecureSocketOptions security)
    {
        var message = Message("alice@example.test", "mailkit " + endpoint, "bob@example.test");
        using (var client = new SmtpClient())
        {
            client.ServerCertificateValidationCallback = static (_, _, _, _) => true;
            await client.ConnectAsync("127.0.0.1", _host.PortOf(endpoint), security);
            Assert.That(client.Capabilities.HasFlag(SmtpCapabilities.Pipelining | SmtpCapabilities.Chunking | SmtpCapabilities.EightBitMime), Is.True);
            await client.AuthenticateAsync("alice@example.test", "alice-secret");
            await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        }

        var delivered = _host.Delivered().Single();
        var (trace, body) = Split(Encoding.UTF8.GetString(delivered.Bytes));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(delivered.LocalPart, Is.EqualTo("bob"));
            Assert.That(trace, Does.StartWith("Return-Path: <alice@example.test>\r\nReceived: from "));
            Assert.That(trace, Does.Contain("by mail.example.test (MailHost) with ESMTPSA\r\n\t(using TLSv1."));
            Assert.That(trace, Does.Contain("\t(authenticated as alice@example.test)\r\n\tfor <bob@example.test>;"));
            Assert.That(body, Is.EqualTo(Serialize(message)));
        }
    }

    [Test]
    public async Task Plus_addressing_delivers_into_an_existing_folder()
    {
        var message = Message("sender@remote.test", "plus", "alice+archive@example.test", "alice+nosuch@example.test");
        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", _host.PortOf("smtp"), SecureSocketOptions.None);
            await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        }

        var maildir = Path.Combine(_host.DataDirectory, "mail", "example.test", "alice");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Directory.GetFiles(Path.Combine(maildir, ".Archive", "new")), Has.Length.EqualTo(1));
            Assert.That(Directory.GetFiles(Path.Combine(maildir, "new")), Has.Length.EqualTo(1), "an unknown tag delivers to INBOX");
        }
    }

    [Test]
    public async Task MailKit_cannot_send_as_someone_else()
    {
        using var client = new SmtpClient();
        client.ServerCertificateValidationCallback = static (_, _, _, _) => true;
        await client.ConnectAsync("127.0.0.1", _host.PortOf("submissions"), SecureSocketOptions.SslOnConnect);
        await client.AuthenticateAsync("alice@example.test", "alice-secret");
        var exception = Assert.ThrowsAsync<SmtpCommandException>(async () => await client.SendAsync(Message("bob@example.test", "forged", "carol@example.test")));
        Assert.That(exception!.StatusCode, Is.EqualTo(SmtpStatusCode.MailboxNameNotAllowed));
        Assert.That(_host.Delivered(), Is.Empty);
    }

    [Test]
    public async Task MailKit_wrong_password_is_refused()
    {
        using var client = new SmtpClient();
        client.ServerCertificateValidationCallback = static (_, _, _, _) => true;
        await client.ConnectAsync("127.0.0.1", _host.PortOf("submission"), SecureSocketOptions.StartTls);
        Assert.ThrowsAsync<AuthenticationException>(async () => await client.AuthenticateAsync("alice@example.test", "wrong"));
    }

    [Test]
    public async Task Python_smtplib_sendmail_to_several_recipients()
    {
        var script = $$"""
            import smtplib
            body = b"Subject: python\r\n\r\nHello from smtplib\r\n.dot line\r\n"
            with smtplib.SMTP("127.0.0.1", {{_host.PortOf("smtp")}}) as s:
                s.ehlo("python.example.test")
                refused = s.sendmail("sender@remote.test", ["alice@example.test", "bob@example.test", "nobody@example.test"], body)
                print(sorted(refused.items()))
            """;
        var output = await RunAsync("python3", "-c", script);
        Assert.That(output.Trim(), Is.EqualTo("[('nobody@example.test', (550, b'5.1.1 User unknown'))]"));
        var delivered = _host.Delivered();
        Assert.That(delivered.Select(static d => d.LocalPart), Is.EquivalentTo(new[] { "alice", "bob" }));
        foreach (var (_, bytes) in delivered)
        {
            var (trace, body) = Split(Encoding.UTF8.GetString(bytes));
            Assert.That(trace, Does.StartWith("Return-Path: <sender@remote.test>\r\nReceived: from python.example.test ([127.0.0.1])\r\n\tby mail.example.test (MailHost) with ESMTP;\r\n"));
            Assert.That(body, Is.EqualTo("Subject: python\r\n\r\nHello from smtplib\r\n.dot line\r\n"));
        }
    }

    [Test]
    public async Task Python_smtplib_lmtp_answers_per_recipient()
    {
        var script = $$"""
            import smtplib
            body = b"Subject: lmtp\r\n\r\nvia LMTP\r\n"
            s = smtplib.LMTP("127.0.0.1", {{_host.PortOf("lmtp")}})
            s.ehlo_or_helo_if_needed()
            print(s.sendmail("sender@remote.test", ["carol@example.test", "bob@example.test"], body))
            s.quit()
            """;
        var output = await RunAsync("python3", "-c", script);
        Assert.That(output.Trim(), Is.EqualTo("{}"));
        var delivered = _host.Delivered();
        Assert.That(delivered.Select(static d => d.LocalPart), Is.EquivalentTo(new[] { "carol", "bob" }));
        var (trace, body) = Split(Encoding.UTF8.GetString(delivered[0].Bytes));
        Assert.That(trace, Does.Contain(" with LMTP;"));
        Assert.That(body, Is.EqualTo("Subject: lmtp\r\n\r\nvia LMTP\r\n"));
    }

    [Test]
    public async Task Curl_uploads_a_file_with_bare_line_feeds()
    {
        var file = Path.Combine(_host.DataDirectory, "curl-message.txt");
        await File.WriteAllTextAsync(file, "Subject: curl\n\nfrom curl\n.starts with a dot\nend");
        await RunAsync("curl", "--silent", "--show-error", "--url", $"smtp://127.0.0.1:{_host.PortOf("smtp")}", "--mail-from", "sender@remote.test", "--mail-rcpt", "carol@example.test", "--upload-file", file);
        var (_, body) = Split(Encoding.UTF8.GetString(_host.Delivered().Single().Bytes));
        Assert.That(body, Is.EqualTo("Subject: curl\r\n\r\nfrom curl\r\n.starts with a dot\r\nend\r\n"));
    }

    [Test]
    public async Task Swaks_over_starttls_with_auth()
    {
        if (!File.Exists("/usr/bin/swaks"))
        {
            Assert.Ignore("swaks is not installed (.ci/run installs it)");
        }

        await RunAsync(
            "swaks", "--server", "127.0.0.1", "--port", _host.PortOf("submission").ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tls", "--auth", "LOGIN", "--auth-user", "carol@example.test", "--auth-password", "carol-secret",
            "--from", "carol@example.test", "--to", "alice@example.test", "--header", "Subject: swaks", "--body", "via swaks\n..two dots", "--pipeline");
        var (trace, body) = Split(Encoding.UTF8.GetString(_host.Delivered().Single().Bytes));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(trace, Does.Contain("(authenticated as carol@example.test)"));
            Assert.That(body, Does.Contain("Subject: swaks\r\n"));
            Assert.That(body, Does.Contain("\r\n\r\nvia swaks\r\n..two dots\r\n"), "swaks stuffs the dot, the server unstuffs it");
        }
    }

    private static async Task<string> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.That(process.ExitCode, Is.Zero, $"{fileName} failed: {await error}");
        return await output;
    }
}
