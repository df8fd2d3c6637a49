namespace MailHost.Connections.Configuration;

/// <summary>
/// <c>Limits:*</c>. Public so that protocol option validators can check their maximum line length against
/// <see cref="InputBufferBytes"/>: a line longer than the pause threshold could never be read whole and would hang.
/// </summary>
public sealed class ConnectionLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Connections across all endpoints; over it new connections get the too-busy answer.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Connections from one remote IP across all endpoints.</summary>
    public int MaxConnectionsPerIp { get; set; } = 50;

    /// <summary>Unconsumed input a connection may buffer before the transport stops reading from the socket.</summary>
    public int InputBufferBytes { get; set; } = 1024 * 1024;

    /// <summary>Timeout armed when a connection opens, until the protocol handler sets its own (a handler that never does cannot hold a socket forever).</summary>
    public int DefaultTimeoutSeconds { get; set; } = 300;

    /// <summary>Commands one connection may run per second on average; a faster client is slowed down, not refused. 0 turns pacing off.</summary>
    public int CommandsPerSecond { get; set; } = 500;

    /// <summary>Commands a connection may run at once before <see cref="CommandsPerSecond"/> applies (a client's pipelined burst).</summary>
    public int CommandBurst { get; set; } = 1000;
}
