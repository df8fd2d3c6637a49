using System.Net;
using MailHost.Connections;
using MailHost.Health;
using MailHost.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace MailHost.Tests.Health;

public sealed class HealthProbeTests
{
    [TestCase(MailProtocol.Imap, "* OK ready", true)]
    [TestCase(MailProtocol.Imap, "* ok ready", true)]
    [TestCase(MailProtocol.Imap, "* PREAUTH", false)]
    [TestCase(MailProtocol.Imap, "", false)]
    [TestCase(MailProtocol.Smtp, "220 mx ESMTP", true)]
    [TestCase(MailProtocol.Smtp, "220-mx first line", true)]
    [TestCase(MailProtocol.Smtp, "220", true)]
    [TestCase(MailProtocol.Smtp, "2201", false)]
    [TestCase(MailProtocol.Lmtp, "421 4.3.2 busy", false)]
    public void Recognises_greetings(MailProtocol protocol, string line, bool expected) =>
        Assert.That(HealthProbe.IsGreeting(protocol, line), Is.EqualTo(expected));

    [Test]
    [CancelAfter(30_000)]
    public async Task A_silent_server_fails_when_the_timeout_passes(CancellationToken cancellationToken)
    {
        await using var silent = new FakeGreeter(greeting: null);
        var time = new FakeTimeProvider();
        var probe = new HealthProbe(CertificatePins.Load(null, Path.GetTempPath()), "localhost", time);
        var endpoint = new ProbeTarget("imap", MailProtocol.Imap, EndpointSecurity.StartTls, new IPEndPoint(IPAddress.Loopback, silent.Port));

        var probing = probe.ProbeAsync(endpoint, TimeSpan.FromSeconds(5), cancellationToken);
        await Task.WhenAny(silent.Connected, probing);

        time.Advance(TimeSpan.FromSeconds(5));
        var result = await probing;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Healthy, Is.False);
            Assert.That(result.Detail, Does.Contain("no greeting within 5 s"));
        }
    }
}
