using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;

namespace MailHost.Load;

/// <summary>What every profile shares: options, users, the recorder, the ledger and the run's Message-ID namespace.</summary>
internal sealed class LoadContext(LoadOptions options, IReadOnlyList<UserAccount> users)
{
    private long nextMessage;

    public LoadOptions Options { get; } = options;

    public IReadOnlyList<UserAccount> Users { get; } = users;

    public Recorder Recorder { get; } = new(options.ServerPid);

    public Ledger Ledger { get; } = new();

    /// <summary>Lost or duplicated messages a drain found during the run; the run fails with them like with the final verification's.</summary>
    public ConcurrentQueue<string> DrainFailures { get; } = new();

    /// <summary>Extra figures of a profile (memory, connection counts) for the report.</summary>
    public ConcurrentDictionary<string, double> Metrics { get; } = new(StringComparer.Ordinal);

    /// <summary>Prefix of every Message-ID this run writes, so verification can tell them from older mail.</summary>
    public string RunId { get; } = "load-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public string NextMessageId() =>
        string.Create(CultureInfo.InvariantCulture, $"{RunId}.{Interlocked.Increment(ref nextMessage)}@load.test");

    public byte[] CreateMessage(string from, string to, string? cc, string messageId) =>
        MessageFactory.Create(from, to, cc, messageId, Options.MessageSize);

    public LoopGate CreateGate() => new(Options.Iterations, Options.Duration, Options.Rate);

    public async Task<ImapConnection> OpenImapAsync(UserAccount user, CancellationToken cancellationToken)
    {
        var connection = await ImapConnection.ConnectAsync(Options.ImapEndPoint, Options.ImapTls, cancellationToken);
        try
        {
            await connection.LoginAsync(user, cancellationToken);
            return connection;
        }
        catch (Exception)
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// For the unmeasured set-up and verification only: a LOGIN refused with <c>[UNAVAILABLE]</c> (RFC 5530, a
    /// temporary condition such as a server limiting concurrent password checks) is retried, as a mail client would.
    /// In the measured phase the same answer counts as an error.
    /// </summary>
    public async Task<ImapConnection> OpenImapPatientlyAsync(UserAccount user, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await OpenImapAsync(user, cancellationToken);
            }
            catch (LoadException exception) when (attempt < 40 && exception.Message.Contains("[UNAVAILABLE]", StringComparison.OrdinalIgnoreCase))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(25 * attempt), cancellationToken);
            }
        }
    }

    public async Task<SmtpConnection> OpenDeliveryAsync(CancellationToken cancellationToken)
    {
        var endPoint = Options.DeliveryEndPoint
            ?? throw new ArgumentException($"profile {Options.Profile} delivers mail: give --smtp-port or --lmtp-port");
        return await SmtpConnection.ConnectAsync(endPoint, Options.DeliveryProtocol, cancellationToken);
    }

    /// <summary>Times <paramref name="action"/> as <paramref name="operation"/>; a failure is recorded once, under the operation that failed.</summary>
    public async Task<T> TimeAsync<T>(string operation, Func<Task<T>> action)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var result = await action();
            Recorder.Record(operation, started);
            return result;
        }
        catch (Exception exception) when (IsServerFailure(exception))
        {
            Recorder.RecordError(operation, exception.Message);
            throw new OperationFailedException(operation, exception);
        }
    }

    /// <summary>Opens a connection before the clock starts; a failure is recorded and the worker reconnects in its loop.</summary>
    public async Task<T?> TryOpenAsync<T>(string operation, Func<Task<T>> open)
        where T : class
    {
        try
        {
            return await TimeAsync(operation, open);
        }
        catch (OperationFailedException)
        {
            return null;
        }
    }

    public async Task TimeAsync(string operation, Func<Task> action) =>
        await TimeAsync(operation, async () =>
        {
            await action();
            return true;
        });

    /// <summary>Failures the server or the network can cause; anything else is a bug of this tool and ends the run.</summary>
    public static bool IsServerFailure(Exception exception) =>
        exception is LoadException or IOException or System.Net.Sockets.SocketException;
}
