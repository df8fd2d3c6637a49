using System.Buffers;
using System.Buffers.Text;
using MailHost.Accounts;
using MailHost.Connections;
using MailHost.Smtp.Dsn;
using MailHost.Smtp.Parsing;
using MailHost.Smtp.Data;
using MailHost.Store;
using MimeKit;

namespace MailHost.Smtp.Session;

internal sealed partial class SmtpSession
{
    /// <summary>Input slice decoded per step; the output buffer is sized for its worst-case expansion.</summary>
    private const int DataSlice = 16 * 1024;

    private async Task<bool> DataAsync()
    {
        if (!await BeginStagingAsync())
        {
            Reply("451 4.3.0 Internal error, try again later\r\n"u8);
            await ResetTransactionAsync();
            return !_closing;
        }

        Reply("354 End data with <CR><LF>.<CR><LF>\r\n"u8);
        await FlushAsync();
        var unstuffer = new DotUnstuffer(_options.MaxLineLength);
        var decoded = ArrayPool<byte>.Shared.Rent(DotUnstuffer.RequiredOutputLength(DataSlice));
        try
        {
            while (true)
            {
                _timeout?.SetTimeout(_dataTimeout);
                var result = await Input.ReadAsync(Aborted);
                if (result.IsCanceled)
                {
                    await GoodbyeAsync();
                    return false;
                }

                var buffer = result.Buffer;
                long consumed = 0;
                foreach (var segment in buffer)
                {
                    var offset = 0;
                    while (offset < segment.Length && !unstuffer.IsDone)
                    {
                        var used = unstuffer.Process(segment.Span.Slice(offset, Math.Min(DataSlice, segment.Length - offset)), decoded, out var written);
                        offset += used;
                        if (unstuffer.LineTooLong && _rejection == Rejection.None)
                        {
                            await RejectMessageAsync(Rejection.LineTooLong);
                        }

                        await StoreAsync(decoded.AsMemory(0, written));
                    }

                    consumed += offset;
                    if (unstuffer.IsDone)
                    {
                        break;
                    }
                }

                var position = buffer.GetPosition(consumed);
                if (unstuffer.IsDone)
                {
                    _moreBuffered = !buffer.Slice(position).IsEmpty;
                    Input.AdvanceTo(position);
                    break;
                }

                Input.AdvanceTo(position, buffer.End);
                if (result.IsCompleted)
                {
                    AbandonTransfer();
                    await ResetTransactionAsync();
                    return false;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded);
        }

        await FinishMessageAsync();
        return !_closing;
    }

    private async Task<bool> ChunkAsync()
    {
        var chunk = _pendingChunk;
        if (chunk.Accepted && _staged is null && _rejection == Rejection.None && !await BeginStagingAsync())
        {
            _rejection = Rejection.Failed;
        }

        if (chunk.Accepted)
        {
            _state = SmtpState.Chunking;
        }

        var remaining = chunk.Size;
        while (remaining > 0)
        {
            _timeout?.SetTimeout(_dataTimeout);
            var result = await Input.ReadAsync(Aborted);
            if (result.IsCanceled)
            {
                await GoodbyeAsync();
                return false;
            }

            var buffer = result.Buffer;
            var take = Math.Min(remaining, buffer.Length);
            var slice = buffer.Slice(0, take);
            if (chunk.Accepted)
            {
                foreach (var segment in slice)
                {
                    await StoreAsync(segment);
                }
            }

            remaining -= take;
            if (remaining == 0)
            {
                _moreBuffered = !buffer.Slice(slice.End).IsEmpty;
                Input.AdvanceTo(slice.End);
                break;
            }

            Input.AdvanceTo(slice.End, buffer.End);
            if (result.IsCompleted)
            {
                if (chunk.Accepted)
                {
                    AbandonTransfer();
                }

                await ResetTransactionAsync();
                return false;
            }
        }

        if (!chunk.Accepted)
        {
            Error(_state switch
            {
                SmtpState.Connected => "503 5.5.1 Error: send HELO/EHLO first\r\n"u8,
                SmtpState.MailGiven => "554 5.5.1 Error: no valid recipients\r\n"u8,
                _ => "503 5.5.1 Error: need MAIL and RCPT before BDAT\r\n"u8,
            });
            return !_closing;
        }

        if (chunk.Last)
        {
            await FinishMessageAsync();
        }
        else if (_rejection != Rejection.None)
        {
            // RFC 3030 §2: after a failed chunk the client must not send more; the transaction is over. Only the final
            // chunk is answered per recipient in LMTP (RFC 2033 §4.2), so this one gets a single reply.
            ReplyRejection(perRecipient: false);
            await ResetTransactionAsync();
        }
        else
        {
            WriteChunkReceived(chunk.Size);
        }

        return !_closing;
    }

    private void WriteChunkReceived(long size)
    {
        Reply("250 2.0.0 "u8);
        var span = Output.GetSpan(20);
        Utf8Formatter.TryFormat(size, span, out var written);
        Output.Advance(written);
        Reply(" octets received\r\n"u8);
    }

    /// <summary>Opens the tmp/ file for every distinct target and writes the trace headers first.</summary>
    private async Task<bool> BeginStagingAsync()
    {
        var envelope = _envelope!;
        var targets = new List<DeliveryTarget>();
        var seen = new HashSet<DeliveryTarget>();
        foreach (var recipient in envelope.Recipients)
        {
            foreach (var target in recipient.Targets)
            {
                if (seen.Add(target))
                {
                    targets.Add(target);
                }
            }
        }

        var security = _connection.Features.Get<IConnectionSecurityFeature>();
        var secure = security?.IsSecure == true;
        var trace = new TraceHeaderWriter.TraceInfo(
            envelope.Sender,
            _helloName ?? "unknown",
            _connection.RemoteEndPoint,
            _services.HostName,
            TraceHeaderWriter.ProtocolName(_lmtp, _extended, envelope.SmtpUtf8, secure, _user is not null),
            secure ? security!.TlsProtocol : null,
            secure ? security!.CipherSuite : null,
            _user?.Address,
            envelope.Recipients.Count == 1 ? envelope.Recipients[0].Address : null,
            _services.TimeProvider.GetUtcNow());
        var headers = new ArrayBufferWriter<byte>(512);
        TraceHeaderWriter.Write(headers, trace);
        try
        {
            _staged = await _services.Store.Delivery.BeginAsync(targets, Aborted);
            await _staged.Content.WriteAsync(headers.WrittenMemory, Aborted);
        }
        catch (Exception exception) when (IsServiceFailure(exception))
        {
            SmtpLog.DeliveryFailed(_services.Logger, _protocol, _connection.ConnectionId, exception);
            await ResetStagedAsync();
            return false;
        }

        _messageBytes = 0;
        _rejection = Rejection.None;
        return true;
    }

    /// <summary>Writes decoded message bytes unless the message is already refused; enforces Smtp:MaxMessageSize.</summary>
    private async ValueTask StoreAsync(ReadOnlyMemory<byte> bytes)
    {
        if (_rejection != Rejection.None || bytes.IsEmpty)
        {
            return;
        }

        _messageBytes += bytes.Length;
        if (_messageBytes > _options.MaxMessageSize)
        {
            await RejectMessageAsync(Rejection.TooBig);
            return;
        }

        try
        {
            await _staged!.Content.WriteAsync(bytes, Aborted);
        }
        catch (Exception exception) when (IsServiceFailure(exception))
        {
            // A write error is the store's, not the client's: keep reading to the end of the data, then answer 4xx.
            SmtpLog.DeliveryFailed(_services.Logger, _protocol, _connection.ConnectionId, exception);
            await RejectMessageAsync(IsDiskFull(exception) ? Rejection.DiskFull : Rejection.Failed);
        }
    }

    /// <summary>ENOSPC (28) on Unix, ERROR_DISK_FULL (112) / ERROR_HANDLE_DISK_FULL (39) on Windows.</summary>
    private static bool IsDiskFull(Exception exception) =>
        exception is IOException { HResult: var result } && (result & 0xFFFF) is 28 or 39 or 112;

    /// <summary>Stops storing at once and removes the partial file; the rest of the transfer is still read and dropped.</summary>
    private async ValueTask RejectMessageAsync(Rejection rejection)
    {
        _rejection = rejection;
        await ResetStagedAsync();
    }

    private async ValueTask ResetStagedAsync()
    {
        if (_staged is not null)
        {
            var staged = _staged;
            _staged = null;
            await staged.DisposeAsync();
        }
    }

    private void ReplyRejection(bool perRecipient = true)
    {
        _services.Metrics.MessagesRejected.Add(1);
        var line = _rejection switch
        {
            Rejection.TooBig => "552 5.3.4 Message size exceeds fixed maximum message size\r\n"u8,
            Rejection.LineTooLong => "500 5.5.2 Line too long\r\n"u8,
            Rejection.DiskFull => "452 4.3.1 Insufficient system storage\r\n"u8,
            _ => "451 4.3.0 Internal error, try again later\r\n"u8,
        };
        if (perRecipient)
        {
            ReplyPerRecipient(line);
        }
        else
        {
            Reply(line);
        }
    }

    /// <summary>LMTP answers every accepted recipient after the message (RFC 2033 §4.2); SMTP answers once.</summary>
    private void ReplyPerRecipient(ReadOnlySpan<byte> line)
    {
        var count = _lmtp ? _envelope!.Recipients.Count : 1;
        for (var i = 0; i < count; i++)
        {
            Reply(line);
        }
    }

    /// <summary>Commits the staged message and answers: 2xx only once every recipient's copy is durable.</summary>
    private async Task FinishMessageAsync()
    {
        try
        {
            if (_rejection != Rejection.None || _staged is null)
            {
                if (_rejection == Rejection.None)
                {
                    _rejection = Rejection.Failed;
                }

                ReplyRejection();
                return;
            }

            IReadOnlyList<DeliveryOutcome> outcomes;
            try
            {
                await _staged.Content.FlushAsync(Aborted);
                outcomes = await _staged.CommitAsync(Aborted);
            }
            catch (Exception exception) when (IsServiceFailure(exception))
            {
                SmtpLog.DeliveryFailed(_services.Logger, _protocol, _connection.ConnectionId, exception);
                _rejection = Rejection.Failed;
                ReplyRejection();
                return;
            }

            var envelope = _envelope!;
            var allDelivered = true;
            var deliveredRecipients = 0;
            List<SmtpRecipient>? notify = null;
            if (_lmtp)
            {
                foreach (var recipient in envelope.Recipients)
                {
                    var status = WorstStatus(recipient.Targets, outcomes);
                    allDelivered &= status == StoreStatus.Ok;
                    deliveredRecipients += status == StoreStatus.Ok ? 1 : 0;
                    if (status == StoreStatus.Ok && (recipient.Notify & DsnNotify.Success) != 0)
                    {
                        (notify ??= []).Add(recipient);
                    }

                    Reply(status == StoreStatus.Ok ? "250 2.1.5 Ok: delivered\r\n"u8 : FailureReply(status));
                }
            }
            else
            {
                var status = StoreStatus.Ok;
                foreach (var recipient in envelope.Recipients)
                {
                    var recipientStatus = WorstStatus(recipient.Targets, outcomes);
                    if (recipientStatus != StoreStatus.Ok)
                    {
                        // Temporary failure for all: the client retries and a recipient may see a duplicate, but nothing is lost.
                        status = recipientStatus;
                        break;
                    }
                }

                allDelivered = status == StoreStatus.Ok;
                Reply(allDelivered ? "250 2.0.0 Ok: message accepted\r\n"u8 : FailureReply(status));
                if (allDelivered)
                {
                    deliveredRecipients = envelope.Recipients.Count;
                    notify = envelope.Recipients.FindAll(static r => (r.Notify & DsnNotify.Success) != 0);
                }
            }

            foreach (var outcome in outcomes)
            {
                if (outcome.Status != StoreStatus.Ok)
                {
                    SmtpLog.DeliveryRefused(_services.Logger, _protocol, _connection.ConnectionId, outcome.Target.Domain, outcome.Target.LocalPart, outcome.Status);
                }
            }

            if (allDelivered)
            {
                _services.Metrics.MessagesDelivered.Add(1);
            }

            _services.Metrics.BytesReceived.Add(_messageBytes);
            // The log says what the client was told: SMTP answers once for all recipients (a 4xx means "not delivered" even if
            // some copies landed), LMTP per recipient.
            if (deliveredRecipients > 0)
            {
                SmtpLog.Delivered(_services.Logger, _protocol, _connection.ConnectionId, _messageBytes, envelope.Sender, deliveredRecipients);
            }

            if (deliveredRecipients < envelope.Recipients.Count)
            {
                SmtpLog.NotDelivered(_services.Logger, _protocol, _connection.ConnectionId, _messageBytes, envelope.Sender, envelope.Recipients.Count - deliveredRecipients);
            }

            if (notify is { Count: > 0 } && envelope.Sender.Length > 0)
            {
                await NotifySuccessAsync(envelope, notify);
            }
        }
        finally
        {
            await ResetTransactionAsync();
        }
    }

    /// <summary>
    /// Delivers the NOTIFY=SUCCESS report to a local sender (remote senders get theirs once an outbound queue exists).
    /// Best effort: the message itself is already delivered and answered, so a failure here is logged, never answered.
    /// </summary>
    private async Task NotifySuccessAsync(SmtpEnvelope envelope, List<SmtpRecipient> delivered)
    {
        try
        {
            var resolution = await _services.Recipients.ResolveAsync(envelope.Sender, null, Aborted);
            if (resolution.Status != RecipientStatus.Local || resolution.Targets.Count == 0)
            {
                return;
            }

            var targets = resolution.Targets.Select(static t => new DeliveryTarget(t.User.Domain, t.User.LocalPart)).Distinct().ToList();
            var postmaster = "postmaster@" + (_options.Domains.Count > 0 ? _options.Domains[0] : _options.HostName);
            var report = SuccessNotification.Build(_options.HostName, postmaster, envelope, delivered, _services.TimeProvider.GetUtcNow());
            var format = FormatOptions.Default.Clone();
            format.NewLineFormat = NewLineFormat.Dos;
            format.International = envelope.SmtpUtf8;
            var staged = await _services.Store.Delivery.BeginAsync(targets, Aborted);
            await using (staged)
            {
                await staged.Content.WriteAsync(NullReturnPath, Aborted);
                await report.WriteToAsync(format, staged.Content, Aborted);
                await staged.Content.FlushAsync(Aborted);
                foreach (var outcome in await staged.CommitAsync(Aborted))
                {
                    if (outcome.Status != StoreStatus.Ok)
                    {
                        SmtpLog.NotificationFailed(_services.Logger, _protocol, _connection.ConnectionId, null);
                    }
                }
            }
        }
        catch (Exception exception) when (IsServiceFailure(exception))
        {
            SmtpLog.NotificationFailed(_services.Logger, _protocol, _connection.ConnectionId, exception);
        }
    }

    private static readonly ReadOnlyMemory<byte> NullReturnPath = "Return-Path: <>\r\n"u8.ToArray();

    private static StoreStatus WorstStatus(IReadOnlyList<DeliveryTarget> targets, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        foreach (var target in targets)
        {
            var found = false;
            foreach (var outcome in outcomes)
            {
                if (outcome.Target == target)
                {
                    found = true;
                    if (outcome.Status != StoreStatus.Ok)
                    {
                        return outcome.Status;
                    }
                }
            }

            if (!found)
            {
                return StoreStatus.Failed;
            }
        }

        return StoreStatus.Ok;
    }

    /// <summary>DESIGN.md "Failure answers".</summary>
    private static ReadOnlySpan<byte> FailureReply(StoreStatus status) => status switch
    {
        StoreStatus.DiskFull => "452 4.3.1 Insufficient system storage\r\n"u8,
        StoreStatus.OverQuota => "452 4.2.2 Mailbox full\r\n"u8,
        StoreStatus.StorageReadOnly => "451 4.3.0 Mail storage is read-only, try again later\r\n"u8,
        _ => "451 4.3.0 Internal error, try again later\r\n"u8,
    };
}
