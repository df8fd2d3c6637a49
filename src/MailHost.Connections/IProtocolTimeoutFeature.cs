namespace MailHost.Connections;

/// <summary>
/// Timeouts belong to the protocol state, not to the socket (DESIGN.md "Connections"): the handler sets the timeout
/// for its current state and the middleware enforces it. Never a byte-level idle timer, which would kill IDLE.
/// </summary>
public interface IProtocolTimeoutFeature
{
    /// <summary>(Re)arms the timer: the session ends if the handler does not call this again within <paramref name="timeout"/>.</summary>
    void SetTimeout(TimeSpan timeout);

    /// <summary>Disarms the timer (e.g. while the server itself is busy writing a long response).</summary>
    void CancelTimeout();

    /// <summary>True once the timer fired; the pending read was cancelled so the handler can say goodbye.</summary>
    bool IsTimedOut { get; }
}
