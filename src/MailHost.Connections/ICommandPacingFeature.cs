namespace MailHost.Connections;

/// <summary>
/// Bounds how many commands one connection may run per second (issue 8 "resource bounds"). A client over the rate is slowed
/// down, not refused: the handler waits before the command, so a pipelining client's unread commands stay in the socket and
/// the transport's input limit applies backpressure.
/// </summary>
public interface ICommandPacingFeature
{
    /// <summary>Takes the allowance for one command if the connection is within its rate (for handlers that parse synchronously).</summary>
    bool TryTake();

    /// <summary>Completes when <see cref="TryTake"/> can succeed; takes nothing.</summary>
    ValueTask WaitAsync(CancellationToken cancellationToken);

    /// <summary>Takes the allowance for one command, waiting first if the connection is over its rate.</summary>
    async ValueTask PaceAsync(CancellationToken cancellationToken)
    {
        while (!TryTake())
        {
            await WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
