using MailHost.Smtp.Session;
using MimeKit;

namespace MailHost.Smtp.Dsn;

/// <summary>
/// The RFC 3464 "delivered" report for recipients that asked NOTIFY=SUCCESS (RFC 3461 §4.1): a multipart/report with a
/// human-readable part and a message/delivery-status part. The original message is not attached (optional per RFC 3464
/// §2), so nothing of it has to be read back or held in memory.
/// </summary>
internal static class SuccessNotification
{
    public static MimeMessage Build(string hostName, string postmaster, SmtpEnvelope envelope, IReadOnlyList<SmtpRecipient> delivered, DateTimeOffset arrival)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(delivered);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", postmaster));
        message.To.Add(MailboxAddress.Parse(envelope.Sender));
        message.Subject = "Delivery Status Notification (Success)";
        message.Date = arrival;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(hostName);
        message.Headers.Add("Auto-Submitted", "auto-replied");

        var text = new TextPart("plain")
        {
            Text = "Your message was delivered to the following recipients:\r\n\r\n"
                + string.Concat(delivered.Select(static r => "    <" + r.Address + ">\r\n")),
        };

        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList
        {
            { "Reporting-MTA", "dns; " + hostName },
        };
        if (envelope.EnvelopeId is not null)
        {
            perMessage.Add("Original-Envelope-Id", Xtext.Decode(envelope.EnvelopeId));
        }

        perMessage.Add("Arrival-Date", MimeKit.Utils.DateUtils.FormatDate(arrival));
        status.StatusGroups.Add(perMessage);
        foreach (var recipient in delivered)
        {
            var group = new HeaderList();
            if (recipient.OriginalRecipient is not null)
            {
                group.Add("Original-Recipient", Xtext.Decode(recipient.OriginalRecipient));
            }

            group.Add("Final-Recipient", "rfc822; " + recipient.Address);
            group.Add("Action", "delivered");
            group.Add("Status", "2.0.0");
            status.StatusGroups.Add(group);
        }

        var report = new MultipartReport("delivery-status") { text, status };
        message.Body = report;
        return message;
    }
}
