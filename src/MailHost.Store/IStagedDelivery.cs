namespace MailHost.Store;

/// <summary>
/// A delivery (SMTP/LMTP) in progress: write the message once to <see cref="IStagedMessage.Content"/>, then
/// <see cref="CommitAsync"/> links or copies it into every target's <c>new/</c> (fsynced), and only then tries the folder lock
/// once to assign UIDs. Delivery never waits for, and never fails because of, a lock.
/// </summary>
public interface IStagedDelivery : IStagedMessage
{
    ValueTask<IReadOnlyList<DeliveryOutcome>> CommitAsync(CancellationToken cancellationToken);
}
