using System.Diagnostics;
using System.Globalization;
using System.Text;
using MailHost.EndToEnd.Tests.Support;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailHost.EndToEnd.Tests.Smtp;

/// <summary>
/// Real clients against the real daemon: MailKit (submission over STARTTLS and implicit TLS), Python smtplib (SMTP and LMTP),
/// curl and swaks. Every test reads the message back from the recipient's Maildir and compares bytes.
/// </summary>
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class SmtpDeliveryTests
{
    private DaemonProcess _daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new DaemonOptions { AllowPlaintextAuth = false };
        options.Endpoints.Clear();
        foreach (var endpoint in new[] { "smtp", "submission", "submissions", "lmtp" })
        {
            options.Endpoints.Add(endpoint);
        }

        foreach (var user in new[] { "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi" })
        {
            options.Users[user + "@example.test"] = user + "-secret";
        }

        _daemon = await DaemonProcess.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    private string[] NewMessages(string user) =>
        Directory.Exists(Path.Combine(_daemon.DataPath, "mail", "example.test", user, "new"))
            ? Directory.GetFiles(Path.Combine(_daemon.DataPath, "mail", "example.test", user, "new"))
            : [];

    /// <summary>Waits for exactly <paramref name="count"/> new messages (delivery is durable before 250, but the check is cheap insurance against listing races).</summary>
    private async Task<string[]> ReadNewAsync(string user, int count)
    {
        for (var i = 0; i < 50 && NewMessages(user).Length < count; i++)
        {
            await Task.Delay(20);
        }

        var files = NewMessages(user);
        Assert.That(files, Has.Length.EqualTo(count), _daemon.Output);
        return [.. files.Select(static f => Encoding.UTF8.GetString(File.ReadAllBytes(f)))];
    }

    private static (string Trace, string Body) Split(string stored)
    {
        var received = stored.IndexOf("Received: ", StringComparison.Ordinal);
        var end = stored.IndexOf("\r\n", stored.IndexOf(";\r\n\t", received, StringComparison.Ordinal) + 4, StringComparison.Ordinal) + 2;
        return (stored[..end], stored[end..]);
    }

    private static MimeMessage Message(string from, string to, string subject)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.MessageId = "e2e-" + subject.Replace(' ', '-') + "@example.test";
        message.Date = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        message.Body = new TextPart("plain") { Text = "Line one\r\n.leading dot\r\n..two dots\r\n.\r\nlast line" };
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

    [TestCase("submission", SecureSocketOptions.StartTls, "bob")]
    [TestCase("submissions", SecureSocketOptions.SslOnConnect, "carol")]
    public async Task MailKit_submission_lands_byte_exact_in_the_maildir(string endpoint, SecureSocketOptions security, string recipient)
    {
        var message = Message("alice@example.test", recipient + "@example.test", "mailkit " + endpoint);
        using (var client = new SmtpClient { ServerCertificateValidationCallback = _daemon.ValidateServerCertificate })
        {
            await client.ConnectAsync(DaemonProcess.Host, _daemon.Port(endpoint), security);
            await client.AuthenticateAsync("alice@example.test", "alice-secret");
            await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        }

        var (trace, body) = Split((await ReadNewAsync(recipient, 1))[0]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(trace, Does.StartWith("Return-Path: <alice@example.test>\r\nReceived: from "));
            Assert.That(trace, Does.Contain("(MailHost) with ESMTPSA\r\n\t(using TLSv1."));
            Assert.That(trace, Does.Contain("\t(authenticated as alice@example.test)\r\n\tfor <" + recipient + "@example.test>;"));
            Assert.That(body, Is.EqualTo(Serialize(message)));
        }
    }

    [Test]
    public async Task Submission_refuses_auth_before_tls_and_relaying()
    {
        using var client = new SmtpClient { ServerCertificateValidationCallback = _daemon.ValidateServerCertificate };
        await client.ConnectAsync(DaemonProcess.Host, _daemon.Port("submission"), SecureSocketOptions.None);
        Assert.That(client.AuthenticationMechanisms, Is.Empty, "no AUTH offered before TLS");
        await client.DisconnectAsync(quit: true);

        await client.ConnectAsync(DaemonProcess.Host, _daemon.Port("submissions"), SecureSocketOptions.SslOnConnect);
        await client.AuthenticateAsync("alice@example.test", "alice-secret");
        var exception = Assert.ThrowsAsync<SmtpCommandException>(async () => await client.SendAsync(Message("alice@example.test", "someone@elsewhere.test", "relay")));
        Assert.That(exception!.ErrorCode, Is.EqualTo(SmtpErrorCode.RecipientNotAccepted));
    }

    [Test]
    public async Task Python_smtplib_sendmail_to_several_recipients()
    {
        var script = $$"""
            import smtplib
            body = b"Subject: python\r\n\r\nHello from smtplib\r\n.dot line\r\n"
            with smtplib.SMTP("{{DaemonProcess.Host}}", {{_daemon.Port("smtp")}}) as s:
                s.ehlo("python.example.test")
                refused = s.sendmail("sender@remote.test", ["dave@example.test", "erin@example.test", "nobody@example.test"], body)
                print(sorted(refused.items()))
            """;
        Assert.That((await RunAsync("python3", "-c", script)).Trim(), Is.EqualTo("[('nobody@example.test', (550, b'5.1.1 User unknown'))]"));
        foreach (var user in new[] { "dave", "erin" })
        {
            var (trace, body) = Split((await ReadNewAsync(user, 1))[0]);
            Assert.That(trace, Does.StartWith("Return-Path: <sender@remote.test>\r\nReceived: from python.example.test ([127.0.0.1])\r\n"));
            Assert.That(body, Is.EqualTo("Subject: python\r\n\r\nHello from smtplib\r\n.dot line\r\n"));
        }
    }

    [Test]
    public async Task Python_smtplib_lmtp()
    {
        var script = $$"""
            import smtplib
            s = smtplib.LMTP("{{DaemonProcess.Host}}", {{_daemon.Port("lmtp")}})
            print(s.sendmail("sender@remote.test", ["frank@example.test"], b"Subject: lmtp\r\n\r\nvia LMTP\r\n"))
            s.quit()
            """;
        Assert.That((await RunAsync("python3", "-c", script)).Trim(), Is.EqualTo("{}"));
        var (trace, body) = Split((await ReadNewAsync("frank", 1))[0]);
        Assert.That(trace, Does.Contain(" with LMTP"));
        Assert.That(body, Is.EqualTo("Subject: lmtp\r\n\r\nvia LMTP\r\n"));
    }

    [Test]
    public async Task Curl_upload_with_bare_line_feeds()
    {
        var file = Path.Combine(_daemon.DataPath, "..", "curl-message.txt");
        await File.WriteAllTextAsync(file, "Subject: curl\n\nfrom curl\n.starts with a dot\nend");
        await RunAsync("curl", "--silent", "--show-error", "--url", $"smtp://{DaemonProcess.Host}:{_daemon.Port("smtp")}", "--mail-from", "sender@remote.test", "--mail-rcpt", "grace@example.test", "--upload-file", file);
        var (_, body) = Split((await ReadNewAsync("grace", 1))[0]);
        Assert.That(body, Is.EqualTo("Subject: curl\r\n\r\nfrom curl\r\n.starts with a dot\r\nend\r\n"));
    }

    [Test]
    public async Task Swaks_starttls_auth_pipelining()
    {
        if (!File.Exists("/usr/bin/swaks"))
        {
            Assert.Ignore("swaks is not installed (.ci/run installs it)");
        }

        await RunAsync(
            "swaks", "--server", DaemonProcess.Host, "--port", _daemon.Port("submission").ToString(CultureInfo.InvariantCulture),
            "--tls", "--auth", "LOGIN", "--auth-user", "carol@example.test", "--auth-password", "carol-secret",
            "--from", "carol@example.test", "--to", "heidi@example.test", "--header", "Subject: swaks", "--body", "via swaks\n..two dots", "--pipeline");
        var (trace, body) = Split((await ReadNewAsync("heidi", 1))[0]);
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
