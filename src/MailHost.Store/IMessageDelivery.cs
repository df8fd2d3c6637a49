namespace MailHost.Store;

/// <summary>The delivery path used by SMTP and LMTP.</summary>
public interface IMessageDelivery
{
    ValueTask<IStagedDelivery> BeginAsync(IReadOnlyList<DeliveryTarget> targets, CancellationToken cancellationToken);
}
