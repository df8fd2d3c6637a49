namespace MailHost.Connections;

/// <summary>
/// STARTTLS as a connection feature: the protocol handler parses the command, advances its reader past the line,
/// then calls <see cref="UpgradeAsync"/>. The feature refuses if any plaintext byte is already buffered, otherwise
/// writes <paramref name="readyReply"/> in plaintext, performs the TLS handshake and swaps the transport.
/// </summary>
public interface IStartTlsFeature
{
    /// <summary>False when the connection is already secure or the endpoint cannot upgrade.</summary>
    bool IsAvailable { get; }

    ValueTask<StartTlsOutcome> UpgradeAsync(ReadOnlyMemory<byte> readyReply, CancellationToken cancellationToken);
}
