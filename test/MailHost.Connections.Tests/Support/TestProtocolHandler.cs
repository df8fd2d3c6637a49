using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace MailHost.Connections.Tests.Support;

/// <summary>
/// A tiny line protocol playing the role of IMAP/SMTP: greets, echoes, and knows INFO, STARTTLS, HANG and QUIT. On a
/// cancelled read it says goodbye with the reason, the way real handlers must.
/// </summary>
internal sealed class TestProtocolHandler(MailProtocol protocol) : IMailProtocolHandler
{
    public static readonly TimeSpan SessionTimeout = TimeSpan.FromMinutes(1);

    private readonly TaskCompletionSource<string> _goodbye = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MailProtocol Protocol => protocol;

    public ReadOnlyMemory<byte> TooBusyReply { get; } = "* BYE too busy\r\n"u8.ToArray();

    /// <summary>Completes with "timeout" or "shutdown" when the handler took the goodbye path.</summary>
    public Task<string> Goodbye => _goodbye.Task;

    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var timeout = connection.Features.Get<IProtocolTimeoutFeature>();
        var lifetime = connection.Features.Get<IConnectionLifetimeNotificationFeature>();
        timeout?.SetTimeout(SessionTimeout);
        await WriteAsync(connection, "* OK test ready");

        while (true)
        {
            var input = connection.Transport.Input;
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                var reason = timeout?.IsTimedOut == true ? "timeout"
                    : lifetime?.ConnectionClosedRequested.IsCancellationRequested == true ? "shutdown"
                    : "cancelled";
                input.AdvanceTo(buffer.Start);
                await WriteAsync(connection, "* BYE " + reason);
                _goodbye.TrySetResult(reason);
                return;
            }

            if (buffer.PositionOf((byte)'\n') is not { } end)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }

                continue;
            }

            var command = Encoding.ASCII.GetString(buffer.Slice(0, end)).TrimEnd('\r');
            input.AdvanceTo(buffer.GetPosition(1, end));
            timeout?.SetTimeout(SessionTimeout);
            if (!await ExecuteAsync(connection, command))
            {
                return;
            }
        }
    }

    private static async Task<bool> ExecuteAsync(ConnectionContext connection, string command)
    {
        switch (command)
        {
            case "QUIT":
                await WriteAsync(connection, "* BYE logging out");
                return false;
            case "INFO":
                var security = connection.Features.Get<IConnectionSecurityFeature>();
                var endpoint = connection.Features.Get<IMailEndpointFeature>();
                await WriteAsync(connection, $"INFO secure={security?.IsSecure} tls={security?.TlsProtocol} endpoint={endpoint?.EndpointName}");
                return true;
            case "STARTTLS":
                return await StartTlsAsync(connection);
            case "HANG":
                // A handler that ignores close requests: only an abort ends it.
                await WriteAsync(connection, "* HANGING");
                await Task.Delay(Timeout.InfiniteTimeSpan, connection.ConnectionClosed).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return false;
            default:
                await WriteAsync(connection, "ECHO " + command);
                return true;
        }
    }

    private static async Task<bool> StartTlsAsync(ConnectionContext connection)
    {
        if (connection.Features.Get<IStartTlsFeature>() is not { } startTls)
        {
            await WriteAsync(connection, "BAD no STARTTLS here");
            return true;
        }

        switch (await startTls.UpgradeAsync("OK begin TLS\r\n"u8.ToArray(), CancellationToken.None))
        {
            case StartTlsOutcome.Upgraded:
                return true;
            case StartTlsOutcome.RefusedPipelinedPlaintext:
                await WriteAsync(connection, "BAD plaintext after STARTTLS");
                return false;
            case StartTlsOutcome.NotAvailable:
                await WriteAsync(connection, "BAD STARTTLS not available");
                return true;
            default:
                return false;
        }
    }

    private static async Task WriteAsync(ConnectionContext connection, string line)
    {
        await connection.Transport.Output.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
    }
}
