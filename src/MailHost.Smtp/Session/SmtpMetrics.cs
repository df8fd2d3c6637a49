using System.Diagnostics.Metrics;

namespace MailHost.Smtp.Session;

/// <summary>The SMTP component's one meter.</summary>
internal sealed class SmtpMetrics
{
    public const string MeterName = "MailHost.Smtp";

    public SmtpMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        Sessions = meter.CreateCounter<long>("mailhost.smtp.sessions", description: "SMTP and LMTP sessions started");
        MessagesDelivered = meter.CreateCounter<long>("mailhost.smtp.messages.delivered", description: "Messages durably delivered");
        MessagesRejected = meter.CreateCounter<long>("mailhost.smtp.messages.rejected", description: "Message transfers refused or failed");
        BytesReceived = meter.CreateCounter<long>("mailhost.smtp.bytes.received", unit: "By", description: "Message octets stored");
    }

    public Counter<long> Sessions { get; }

    public Counter<long> MessagesDelivered { get; }

    public Counter<long> MessagesRejected { get; }

    public Counter<long> BytesReceived { get; }
}
