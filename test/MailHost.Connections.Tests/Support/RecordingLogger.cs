using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MailHost.Connections.Tests.Support;

/// <summary>Keeps every enabled log line as (level, formatted message).</summary>
internal sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Lines.Enqueue((logLevel, formatter(state, exception)));
    }
}
