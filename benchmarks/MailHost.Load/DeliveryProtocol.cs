namespace MailHost.Load;

internal enum DeliveryProtocol
{
    Smtp,
    Lmtp,
}
