using System.Buffers;
using System.IO.Pipelines;
using MailHost.Accounts;
using MailHost.Connections;
using MailHost.Smtp.Parsing;
using MailHost.Store;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace MailHost.Smtp.Session;

/// <summary>
/// One SMTP or LMTP session over a connection's transport. Each read is parsed synchronously as far as the buffered
/// commands go (replies are only buffered); commands that need I/O (lookups, authentication, message transfer) hand over
/// to an asynchronous step. Replies are flushed once no further complete command is buffered, so a pipelined batch
/// (RFC 2920) is answered with one write.
/// </summary>
internal sealed partial class SmtpSession
{
    private const int FlushThreshold = 16 * 1024;

    private readonly ConnectionContext _connection;
    private readonly SmtpServices _services;
    private readonly SmtpOptions _options;
    private readonly bool _lmtp;
    private readonly string _protocol;
    private readonly IMailEndpointFeature? _endpoint;
    private readonly IProtocolTimeoutFeature? _timeout;
    private readonly ICommandPacingFeature? _pacing;
    private readonly IConnectionLifetimeNotificationFeature? _lifetime;
    private readonly TimeSpan _commandTimeout;
    private readonly TimeSpan _dataTimeout;
    private readonly byte[] _scratch;

    private SmtpState _state;
    private string? _helloName;
    private bool _extended;
    private MailUser? _user;
    private int _errors;
    private bool _closing;
    private bool _unflushed;
    private bool _moreBuffered;
    private bool _discardingLine;
    private bool _lineCompleted;

    // Bytes of a command line are buffered but its CRLF has not come: the command timeout is then a deadline for the
    // whole line, not re-armed by each read, or a client dripping one byte at a time would hold the socket forever.
    private bool _lineInProgress;
    private bool _transferAbandoned;

    private SmtpEnvelope? _envelope;
    private IStagedDelivery? _staged;
    private long _messageBytes;
    private Rejection _rejection;

    private PendingMail _pendingMail;
    private PendingRecipient _pendingRecipient;
    private PendingChunk _pendingChunk;
    private ISaslExchange? _sasl;
    private SaslStep _saslStep;

    public SmtpSession(ConnectionContext connection, SmtpServices services, bool lmtp)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(services);
        _connection = connection;
        _services = services;
        _options = services.Options;
        _lmtp = lmtp;
        _protocol = lmtp ? "LMTP" : "SMTP";
        _endpoint = connection.Features.Get<IMailEndpointFeature>();
        _timeout = connection.Features.Get<IProtocolTimeoutFeature>();
        _pacing = connection.Features.Get<ICommandPacingFeature>();
        _lifetime = connection.Features.Get<IConnectionLifetimeNotificationFeature>();
        _commandTimeout = TimeSpan.FromSeconds(_options.CommandTimeoutSeconds);
        _dataTimeout = TimeSpan.FromSeconds(_options.DataTimeoutSeconds);
        _scratch = ArrayPool<byte>.Shared.Rent(SmtpLimits.LargestWindow);
    }

    private PipeReader Input => _connection.Transport.Input;

    private PipeWriter Output => _connection.Transport.Output;

    private CancellationToken Aborted => _connection.ConnectionClosed;

    private bool IsSecure => _connection.Features.Get<IConnectionSecurityFeature>()?.IsSecure == true;

    private bool AuthAllowed => !_lmtp && (IsSecure || _options.AllowPlaintextAuth);

    private bool RequiresAuthentication => _endpoint?.RequiresAuthentication == true;

    public async Task RunAsync()
    {
        var reason = "closed";
        try
        {
            _services.Metrics.Sessions.Add(1);
            WriteHostLine("220 "u8, _lmtp ? " LMTP MailHost ready\r\n"u8 : " ESMTP MailHost ready\r\n"u8);
            await FlushAsync();
            while (!_closing && await ReadCommandsAsync())
            {
            }

            if (_unflushed)
            {
                await FlushAsync();
            }
        }
        catch (Exception exception) when (IsDisconnect(exception))
        {
            reason = exception.GetType().Name;
            if (_staged is not null)
            {
                AbandonTransfer();
            }
        }
        finally
        {
            await ResetTransactionAsync();
            ArrayPool<byte>.Shared.Return(_scratch);
            if (!_transferAbandoned)
            {
                SmtpLog.SessionEnded(_services.Logger, _protocol, _connection.ConnectionId, reason);
            }
        }
    }

    /// <summary>The client went away mid-DATA/BDAT: one debug line, no more (issue 4), and the staged file is disposed by the caller.</summary>
    private void AbandonTransfer()
    {
        _transferAbandoned = true;
        SmtpLog.DisconnectedDuringTransfer(_services.Logger, _protocol, _connection.ConnectionId);
    }

    private bool IsDisconnect(Exception exception) =>
        exception is ConnectionResetException or ConnectionAbortedException or IOException
        || (exception is OperationCanceledException && Aborted.IsCancellationRequested);

    /// <summary>
    /// An exception from the store or the accounts layer (I/O errors included) that the client should see as a temporary
    /// failure; only our own connection's cancellation is not one.
    /// </summary>
    private bool IsServiceFailure(Exception exception) =>
        !(exception is OperationCanceledException && Aborted.IsCancellationRequested);

    /// <summary>One read: parse and answer everything complete in it; false when the session is over.</summary>
    private async Task<bool> ReadCommandsAsync()
    {
        if (_unflushed && !_moreBuffered)
        {
            await FlushAsync();
        }

        if (_lifetime?.ConnectionClosedRequested.IsCancellationRequested == true)
        {
            await GoodbyeAsync();
            return false;
        }

        if (!_lineInProgress)
        {
            _timeout?.SetTimeout(_commandTimeout);
        }

        var result = await Input.ReadAsync(Aborted);
        if (result.IsCanceled)
        {
            await GoodbyeAsync();
            return false;
        }

        var buffer = result.Buffer;
        _lineCompleted = false;
        var step = ProcessBuffer(buffer, out var consumed);
        var remaining = buffer.Slice(consumed);
        // Not a search for a complete line (quadratic over a long pipelined batch): if only a partial line is left, the
        // next pass finds nothing to do and flushes then.
        _moreBuffered = step != Step.NeedMore && !remaining.IsEmpty;
        var remainingLength = remaining.Length;
        _lineInProgress = step == Step.NeedMore && !_lineCompleted && (_discardingLine || !remaining.IsEmpty);
        Input.AdvanceTo(consumed, step == Step.NeedMore ? buffer.End : consumed);

        switch (step)
        {
            case Step.NeedMore:
                return !result.IsCompleted && !_closing;
            case Step.Mail:
                await MailAsync();
                break;
            case Step.Rcpt:
                await RecipientAsync();
                break;
            case Step.Data:
                return await DataAsync();
            case Step.Bdat:
                return await ChunkAsync();
            case Step.Auth:
                return await AuthenticateAsync();
            case Step.StartTls:
                return await StartTlsAsync(remainingLength);
            case Step.ReleaseStaged:
                await ResetTransactionAsync();
                break;
            case Step.Pace:
                await FlushAsync();
                await _pacing!.WaitAsync(Aborted);
                break;
            case Step.Flush:
                // Waits for the client to read when it pipelines without reading: write-side backpressure bounds our memory.
                await FlushAsync();
                break;
        }

        return !_closing;
    }

    /// <summary>Parses and answers buffered commands until one needs asynchronous work or the buffer runs out.</summary>
    private Step ProcessBuffer(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (!_closing)
        {
            if (_discardingLine)
            {
                if (!SmtpLineReader.SkipToLineEnd(ref reader))
                {
                    break;
                }

                _discardingLine = false;
                _lineCompleted = true;
                Error("500 5.5.2 Line too long\r\n"u8);
                continue;
            }

            var lineStart = reader.Position;
            var status = SmtpCommandParser.TryRead(ref reader, _scratch, _envelope?.SmtpUtf8 == true, out var command, out var error);
            if (status == SmtpLineStatus.Incomplete)
            {
                break;
            }

            if (status == SmtpLineStatus.TooLongUnterminated)
            {
                _discardingLine = true;
                continue;
            }

            _lineCompleted = true;
            if (status == SmtpLineStatus.TooLong)
            {
                Error("500 5.5.2 Line too long\r\n"u8);
                continue;
            }

            if (_pacing is not null && !_pacing.TryTake())
            {
                // Over Limits:CommandsPerSecond: the line stays buffered and is parsed again once the allowance is back.
                consumed = lineStart;
                return Step.Pace;
            }

            var step = Dispatch(command, error);
            if (step == Step.Continue && Output.CanGetUnflushedBytes && Output.UnflushedBytes > FlushThreshold)
            {
                step = Step.Flush;
            }

            if (step != Step.Continue)
            {
                consumed = reader.Position;
                return step;
            }
        }

        consumed = reader.Position;
        return _closing ? Step.Close : Step.NeedMore;
    }

    private void Reply(ReadOnlySpan<byte> line)
    {
        Output.Write(line);
        _unflushed = true;
    }

    /// <summary>A reply caused by the client's mistake; too many of them end the session (RFC 5321 §4.3.2 leaves the limit to us).</summary>
    private void Error(ReadOnlySpan<byte> line)
    {
        Reply(line);
        if (++_errors >= _options.MaxErrors && !_closing)
        {
            WriteHostLine("421 4.7.0 "u8, " Error: too many errors, closing connection\r\n"u8);
            SmtpLog.TooManyErrors(_services.Logger, _protocol, _connection.ConnectionId);
            _closing = true;
        }
    }

    private void WriteHostLine(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> suffix)
    {
        var output = Output;
        output.Write(prefix);
        output.Write(_services.HostName.Span);
        output.Write(suffix);
        _unflushed = true;
    }

    private async ValueTask FlushAsync()
    {
        _unflushed = false;
        var result = await Output.FlushAsync(Aborted);
        if (result.IsCompleted || result.IsCanceled)
        {
            _closing = true;
        }
    }

    /// <summary>The read was cancelled by the middleware: timeout (RFC 5321 §4.5.3.2) or server shutdown.</summary>
    private async Task GoodbyeAsync()
    {
        if (_timeout?.IsTimedOut == true)
        {
            WriteHostLine("421 4.4.2 "u8, " Error: timeout exceeded, closing connection\r\n"u8);
        }
        else
        {
            WriteHostLine("421 4.3.2 "u8, " Service shutting down, closing connection\r\n"u8);
        }

        _closing = true;
        await FlushAsync();
    }

    private async ValueTask ResetTransactionAsync()
    {
        _envelope = null;
        _rejection = Rejection.None;
        _messageBytes = 0;
        if (_state > SmtpState.Greeted)
        {
            _state = SmtpState.Greeted;
        }

        if (_staged is not null)
        {
            var staged = _staged;
            _staged = null;
            await staged.DisposeAsync();
        }
    }
}
