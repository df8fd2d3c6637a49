using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using MailHost.Accounts;
using MailHost.Connections;
using MailHost.Imap.Messages;
using MailHost.Imap.Protocol;
using MailHost.Store;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace MailHost.Imap.Session;

/// <summary>One IMAP connection: frames commands (lines and literals), keeps the RFC 9051 §3 state and answers.</summary>
internal sealed partial class ImapSession : IAsyncDisposable
{
    private const int FlushThreshold = 64 * 1024;

    private readonly ConnectionContext _connection;
    private readonly ImapOptions _options;
    private readonly IMailStore _store;
    private readonly IAuthenticator _authenticator;
    private readonly ISaslMechanisms _sasl;
    private readonly ILogger _logger;
    private readonly ImapMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly CommandBuffer _command;
    private readonly ImapInput _input;
    private readonly IProtocolTimeoutFeature? _timeout;
    private readonly ICommandPacingFeature? _pacing;
    private readonly CancellationToken _aborted;
    private readonly string? _remote;
    private readonly List<int> _indices = [];
    private byte[] _tag = new byte[64];
    private int _tagLength;
    private int _argumentsOffset;
    private ImapCommand _current;
    private SessionState _state;
    private readonly ImapMessageCache _messageCache;
    private IMailAccount? _account;
    private SelectedMailbox? _selected;
    private bool _rev2;
    private bool _utf8;
    private int _badCount;
    private bool _midResponse;

    public ImapSession(ConnectionContext connection, ImapOptions options, IMailStore store, IAuthenticator authenticator, ISaslMechanisms sasl,
        ILogger logger, ImapMetrics metrics, TimeProvider timeProvider, ImapMessageCache? messageCache = null)
    {
        // Tests that build a session by hand get a private cache; the daemon passes the process-wide one.
        _messageCache = messageCache ?? new ImapMessageCache(new ImapMessageCacheOptions { MaxEntries = 64 });
        _connection = connection;
        _options = options;
        _store = store;
        _authenticator = authenticator;
        _sasl = sasl;
        _logger = logger;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _command = new CommandBuffer(4096);
        _input = new ImapInput(connection.Transport.Input, options.MaxLineLength);
        _timeout = connection.Features.Get<IProtocolTimeoutFeature>();
        _pacing = connection.Features.Get<ICommandPacingFeature>();
        _aborted = connection.ConnectionClosed;
        _remote = connection.RemoteEndPoint?.ToString();
    }

    private PipeWriter Output => _connection.Transport.Output;

    private bool IsSecure => _connection.Features.Get<IConnectionSecurityFeature>()?.IsSecure ?? false;

    private bool PlaintextAuthAllowed => IsSecure || _options.AllowPlaintextAuth;

    private bool Utf8Names => _utf8 || _rev2;

    public async Task RunAsync()
    {
        ImapLog.SessionStarted(_logger, _remote);
        ArmTimeout();
        Output.Write("* OK [CAPABILITY "u8);
        WriteCapabilities();
        Output.Write("] "u8);
        Output.WriteAscii(_options.HostName);
        Output.Write(" MailHost IMAP ready\r\n"u8);
        if (!await FlushAsync())
        {
            return;
        }

        while (_state != SessionState.Logout)
        {
            _command.Clear();
            var status = await _input.ReadLineAsync(_command, _aborted);
            switch (status)
            {
                case ReadStatus.Closed:
                    ImapLog.SessionClosed(_logger, _remote, "client closed");
                    return;
                case ReadStatus.Canceled:
                    await SayGoodbyeAsync();
                    return;
                case ReadStatus.TooLong:
                    Output.Write("* BAD Line too long\r\n"u8);
                    _badCount++;
                    if (!await CountBadAsync())
                    {
                        return;
                    }

                    break;
                default:
                    if (!await ProcessCommandAsync())
                    {
                        return;
                    }

                    break;
            }

            if (!_input.HasBufferedLine() || (Output.CanGetUnflushedBytes && Output.UnflushedBytes > FlushThreshold))
            {
                if (!await FlushAsync())
                {
                    return;
                }
            }
        }

        await FlushAsync();
    }

    private void ArmTimeout()
    {
        var seconds = _state == SessionState.NotAuthenticated ? _options.PreAuthTimeoutSeconds : _options.AuthenticatedTimeoutSeconds;
        _timeout?.SetTimeout(TimeSpan.FromSeconds(seconds));
    }

    private async ValueTask<bool> FlushAsync()
    {
        var result = await Output.FlushAsync(_aborted);
        return !result.IsCompleted && !result.IsCanceled;
    }

    private async ValueTask SayGoodbyeAsync()
    {
        if (_timeout?.IsTimedOut == true)
        {
            Output.Write("* BYE Autologout; idle for too long\r\n"u8);
            ImapLog.SessionClosed(_logger, _remote, "timeout");
        }
        else
        {
            Output.Write("* BYE Server shutting down\r\n"u8);
            ImapLog.SessionClosed(_logger, _remote, "shutdown");
        }

        await Output.FlushAsync(CancellationToken.None);
    }

    /// <summary>Returns false when the session must end.</summary>
    private async ValueTask<bool> ProcessCommandAsync()
    {
        if (!TryReadHead(out var literalAtEnd))
        {
            return await CountBadAsync();
        }

        if (_pacing is not null && !_pacing.TryTake())
        {
            // Over Limits:CommandsPerSecond: let the client see what is answered so far, then wait for the allowance.
            await FlushAsync();
            await _pacing.PaceAsync(_aborted);
        }

        ArmTimeout();
        _metrics.CommandExecuted();
        if (_current == ImapCommand.Append)
        {
            return await AppendAsync();
        }

        // Gather the literals of any other command into the buffer; they are small (bounded by the line limit).
        while (literalAtEnd is { } literal)
        {
            if (literal.Length > (2L * _options.MaxLineLength) - _command.Length)
            {
                return await RefuseLiteralAsync(literal);
            }

            if (!literal.NonSynchronizing)
            {
                Output.Write("+ Ready for additional command text\r\n"u8);
                if (!await FlushAsync())
                {
                    return false;
                }
            }

            var status = await _input.ReadExactAsync(literal.Length, null, _command, _aborted);
            if (status == ReadStatus.Ok)
            {
                var before = _command.Length;
                status = await _input.ReadLineAsync(_command, _aborted);
                literalAtEnd = status == ReadStatus.Ok ? PendingLiteral.AtLineEnd(_command.Span[before..]) : null;
            }

            if (status == ReadStatus.Canceled)
            {
                await SayGoodbyeAsync();
                return false;
            }

            if (status == ReadStatus.Closed)
            {
                return false;
            }

            if (status == ReadStatus.TooLong)
            {
                WriteBad("Line too long");
                return await CountBadAsync();
            }
        }

        if (!ImapCommands.IsAllowed(_current, _state))
        {
            WriteBad(_current == ImapCommand.Unknown ? "Unknown command" : "Command not valid in this state");
            return await CountBadAsync();
        }

        try
        {
            if (await AnswerGoneSelectionAsync())
            {
                return true;
            }

            var keepGoing = await ExecuteAsync();
            if (keepGoing && _state != SessionState.Logout && _badCount >= _options.MaxBadCommands)
            {
                return await CountBadAsync();
            }

            return keepGoing;
        }
        catch (DirectoryNotFoundException exception) when (!_midResponse && _selected is not null)
        {
            if (await IsSelectionGoneAsync(exception))
            {
                WriteNo("NONEXISTENT", SelectionGoneText);
                return true;
            }

            return CommandFailed(exception);
        }
        // A client that resets mid-command (IDLE, AUTHENTICATE) is gone, not a server bug: the listener logs it at Debug.
        catch (Exception exception) when (exception is not (OperationCanceledException or ConnectionResetException or ConnectionAbortedException))
        {
            return CommandFailed(exception);
        }
    }

    /// <summary>An unexpected failure: logged with a correlation id, answered <c>NO [SERVERBUG]</c> when the stream allows.</summary>
    private bool CommandFailed(Exception exception)
    {
        var correlationId = Guid.NewGuid().ToString("N")[..12];
        ImapLog.CommandFailed(_logger, exception, _current, correlationId);
        if (_midResponse)
        {
            // Part of an untagged response is already out: the stream is unparseable for the client.
            return false;
        }

        WriteTagged("NO"u8, "SERVERBUG", "Internal error, id " + correlationId);
        return true;
    }

    /// <summary>Reads tag and command name; records the trailing literal announcement of the first line, if any.</summary>
    private bool TryReadHead(out PendingLiteral? literalAtEnd)
    {
        literalAtEnd = PendingLiteral.AtLineEnd(_command.Span);
        _current = ImapCommand.Unknown;
        _tagLength = 0;
        var reader = new ImapReader(_command.Sequence);
        if (reader.AtLineEnd)
        {
            // An empty line is noise, not abuse worth a BAD of its own.
            literalAtEnd = null;
            Output.Write("* BAD Empty command line\r\n"u8);
            _badCount++;
            return false;
        }

        if (!reader.TryReadTag(out var tag))
        {
            Output.Write("* BAD Missing or invalid tag\r\n"u8);
            _badCount++;
            literalAtEnd = null;
            return false;
        }

        if (tag.Length > _tag.Length)
        {
            _tag = new byte[tag.Length];
        }

        tag.CopyTo(_tag);
        _tagLength = tag.Length;
        if (!reader.TryReadSpace() || !reader.TryReadAtom(out var name))
        {
            WriteBad("Missing command");
            literalAtEnd = null;
            return false;
        }

        _current = ImapCommands.Match(name);
        if (_current == ImapCommand.Unknown && Ascii.EqualsIgnoreCase(name, "UID"u8))
        {
            if (reader.TryReadSpace() && reader.TryReadAtom(out var uidName))
            {
                _current = ImapCommands.MatchUid(uidName);
            }
        }

        _argumentsOffset = (int)reader.Consumed;
        return true;
    }

    private ImapReader ArgumentReader()
    {
        var reader = new ImapReader(_command.Sequence.Slice(_argumentsOffset));
        return reader;
    }

    /// <summary>Too big: no "+" for a synchronising literal; a non-synchronising one is read and thrown away (bounded) or ends the session.</summary>
    private async ValueTask<bool> RefuseLiteralAsync(PendingLiteral literal)
    {
        if (literal.NonSynchronizing)
        {
            if (literal.Length > _options.MaxLiteralDiscard)
            {
                Output.Write("* BYE [TOOBIG] Literal too large\r\n"u8);
                await FlushAsync();
                ImapLog.SessionClosed(_logger, _remote, "oversized non-synchronising literal");
                return false;
            }

            var status = await _input.ReadExactAsync(literal.Length, null, null, _aborted);
            if (status != ReadStatus.Ok)
            {
                return false;
            }

            // Drop the rest of the command, including further literals it announces.
            while (true)
            {
                _command.Clear();
                status = await _input.ReadLineAsync(_command, _aborted);
                if (status is ReadStatus.Closed or ReadStatus.Canceled)
                {
                    return false;
                }

                if (PendingLiteral.AtLineEnd(_command.Span) is not { } next || status == ReadStatus.TooLong)
                {
                    break;
                }

                if (!next.NonSynchronizing || next.Length > _options.MaxLiteralDiscard)
                {
                    break;
                }

                if (await _input.ReadExactAsync(next.Length, null, null, _aborted) != ReadStatus.Ok)
                {
                    return false;
                }
            }
        }

        WriteTagged("NO"u8, "TOOBIG", "Literal too large");
        return true;
    }

    private async ValueTask<bool> CountBadAsync()
    {
        if (_badCount < _options.MaxBadCommands)
        {
            return true;
        }

        Output.Write("* BYE Too many invalid commands\r\n"u8);
        await FlushAsync();
        ImapLog.SessionClosed(_logger, _remote, "too many invalid commands");
        return false;
    }

    private async ValueTask<bool> ExecuteAsync()
    {
        switch (_current)
        {
            case ImapCommand.Capability:
                Output.Write("* CAPABILITY "u8);
                WriteCapabilities();
                Output.WriteCrlf();
                await ReportUpdatesAsync();
                WriteOk("CAPABILITY completed");
                return true;
            case ImapCommand.Noop:
            case ImapCommand.Check:
                if (!ExpectEnd())
                {
                    return true;
                }

                await ReportUpdatesAsync();
                WriteOk(_current == ImapCommand.Noop ? "NOOP completed" : "CHECK completed");
                return true;
            case ImapCommand.Logout:
                Output.Write("* BYE Logging out\r\n"u8);
                WriteOk("LOGOUT completed");
                _state = SessionState.Logout;
                return true;
            case ImapCommand.Id:
                return await IdAsync();
            case ImapCommand.Enable:
                Enable();
                return true;
            case ImapCommand.StartTls:
                return await StartTlsAsync();
            case ImapCommand.Login:
                await LoginAsync();
                return true;
            case ImapCommand.Authenticate:
                return await AuthenticateAsync();
            case ImapCommand.Namespace:
                Output.Write("* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n"u8);
                await ReportUpdatesAsync();
                WriteOk("NAMESPACE completed");
                return true;
            case ImapCommand.Select:
            case ImapCommand.Examine:
                await SelectAsync(_current == ImapCommand.Examine);
                return true;
            case ImapCommand.Create:
                await CreateAsync();
                return true;
            case ImapCommand.Delete:
                await DeleteAsync();
                return true;
            case ImapCommand.Rename:
                await RenameAsync();
                return true;
            case ImapCommand.Subscribe:
            case ImapCommand.Unsubscribe:
                await SubscribeAsync(_current == ImapCommand.Subscribe);
                return true;
            case ImapCommand.List:
            case ImapCommand.Lsub:
                await ListAsync(_current == ImapCommand.Lsub);
                return true;
            case ImapCommand.Status:
                await StatusAsync();
                return true;
            case ImapCommand.Idle:
                return await IdleAsync();
            case ImapCommand.Close:
            case ImapCommand.Unselect:
                await CloseAsync(_current == ImapCommand.Close);
                return true;
            case ImapCommand.Expunge:
            case ImapCommand.UidExpunge:
                await ExpungeAsync(_current == ImapCommand.UidExpunge);
                return true;
            case ImapCommand.Search:
            case ImapCommand.UidSearch:
                await SearchAsync(_current == ImapCommand.UidSearch);
                return true;
            case ImapCommand.Fetch:
            case ImapCommand.UidFetch:
                await FetchAsync(_current == ImapCommand.UidFetch);
                return true;
            case ImapCommand.Store:
            case ImapCommand.UidStore:
                await StoreAsync(_current == ImapCommand.UidStore);
                return true;
            case ImapCommand.Copy:
            case ImapCommand.UidCopy:
            case ImapCommand.Move:
            case ImapCommand.UidMove:
                await CopyAsync(_current is ImapCommand.UidCopy or ImapCommand.UidMove, _current is ImapCommand.Move or ImapCommand.UidMove);
                return true;
            default:
                WriteBad("Unknown command");
                return true;
        }
    }

    private bool ExpectEnd()
    {
        var reader = ArgumentReader();
        if (reader.TryReadLineEnd() && reader.End)
        {
            return true;
        }

        WriteBad("Unexpected arguments");
        return false;
    }

    private void WriteCapabilities()
    {
        var output = Output;
        output.Write("IMAP4rev1 IMAP4rev2"u8);
        if (_state == SessionState.NotAuthenticated)
        {
            var startTls = _connection.Features.Get<IStartTlsFeature>();
            if (!IsSecure && startTls?.IsAvailable == true)
            {
                output.Write(" STARTTLS"u8);
            }

            if (!PlaintextAuthAllowed)
            {
                output.Write(" LOGINDISABLED"u8);
            }
            else
            {
                foreach (var name in _sasl.Names)
                {
                    output.Write(" AUTH="u8);
                    output.WriteAscii(name);
                }
            }

            output.Write(" SASL-IR"u8);
        }

        output.Write(" LITERAL+ ENABLE ID IDLE NAMESPACE UIDPLUS MOVE UNSELECT CHILDREN LIST-EXTENDED LIST-STATUS SPECIAL-USE CREATE-SPECIAL-USE ESEARCH SEARCHRES WITHIN STATUS=SIZE APPENDLIMIT="u8);
        output.WriteNumber(_options.AppendLimit);
        output.Write(" MULTIAPPEND BINARY UTF8=ACCEPT"u8);
    }

    private void WriteTagged(ReadOnlySpan<byte> status, string? code, string text)
    {
        var output = Output;
        output.Write(_tag.AsSpan(0, _tagLength));
        output.WriteByte((byte)' ');
        output.Write(status);
        output.WriteByte((byte)' ');
        if (code is not null)
        {
            output.WriteByte((byte)'[');
            output.WriteAscii(code);
            output.Write("] "u8);
        }

        output.WriteAscii(text);
        output.WriteCrlf();
    }

    private void WriteOk(string text, string? code = null)
    {
        if (_selectionGone && NeedsSelection(_current))
        {
            // Found out while answering (the update report at the end of SEARCH, FETCH, ...): the answer is not complete.
            WriteNo("NONEXISTENT", SelectionGoneText);
            return;
        }

        _badCount = 0;
        WriteTagged("OK"u8, code, text);
    }

    private void WriteNo(string? code, string text) => WriteTagged("NO"u8, code, text);

    private void WriteBad(string text)
    {
        _badCount++;
        _metrics.BadCommand();
        WriteTagged("BAD"u8, null, text);
    }

    private void WriteStoreFailure(StoreStatus status, bool tryCreate = false)
    {
        switch (status)
        {
            case StoreStatus.NonExistent:
                WriteNo(tryCreate ? "TRYCREATE" : "NONEXISTENT", "Mailbox does not exist");
                break;
            case StoreStatus.AlreadyExists:
                WriteNo("ALREADYEXISTS", "Mailbox already exists");
                break;
            case StoreStatus.InvalidName:
                WriteNo("CANNOT", "Invalid mailbox name");
                break;
            case StoreStatus.InUse:
                WriteNo("INUSE", "Mailbox is locked, try again later");
                break;
            case StoreStatus.OverQuota:
                WriteNo("OVERQUOTA", "Quota exceeded");
                break;
            case StoreStatus.DiskFull:
                WriteNo("OVERQUOTA", "Not enough disk space");
                break;
            case StoreStatus.ReadOnly:
                WriteNo("NOPERM", "Mailbox is read-only");
                break;
            case StoreStatus.StorageReadOnly:
                // The server's storage, not the client's permissions: [NOPERM] would tell the client it may never write here.
                WriteNo("SERVERBUG", "Mail storage is read-only, try again later");
                break;
            case StoreStatus.NotAllowed:
                WriteNo("CANNOT", "Operation not allowed on this mailbox");
                break;
            case StoreStatus.TooManyKeywords:
                WriteNo("LIMIT", "No room for another keyword in this mailbox");
                break;
            default:
                WriteNo("SERVERBUG", "Internal error");
                break;
        }
    }

    /// <summary>Untagged EXPUNGE/EXISTS/FETCH FLAGS for changes made elsewhere, in the order RFC 9051 §7.5.1 allows.</summary>
    private async ValueTask ReportUpdatesAsync(bool uidCommand = false)
    {
        if (_selected is null)
        {
            return;
        }

        if (_selectionGone)
        {
            return;
        }

        MailboxChanges changes;
        try
        {
            changes = await _selected.Session.RefreshAsync(ImapCommands.AllowsExpungeReport(_current), _aborted);
        }
        catch (DirectoryNotFoundException exception)
        {
            if (!await IsSelectionGoneAsync(exception))
            {
                throw;
            }

            // Announced; commands that need the selection answer NO, the others (NOOP, LIST, ...) complete.
            return;
        }

        WriteChanges(changes, uidCommand);
    }

    private void WriteChanges(MailboxChanges changes, bool uidCommand)
    {
        var selected = _selected!;
        var output = Output;
        foreach (var uid in changes.ExpungedUids)
        {
            var sequence = selected.ForgetKnown(uid);
            if (sequence > 0)
            {
                output.Write("* "u8);
                output.WriteNumber(sequence);
                output.Write(" EXPUNGE\r\n"u8);
            }
        }

        if (changes.NewMessages > 0 || selected.KnownCount != selected.Messages.Count)
        {
            selected.SyncKnown();
            WriteExists(selected);
        }

        AnnounceNewKeywords();

        foreach (var uid in changes.FlagChangedUids)
        {
            var index = selected.IndexOfUid(uid);
            if (index >= 0)
            {
                // RFC 9051 §7.5.2: under IMAP4rev2 an unsolicited FETCH always carries the UID.
                WriteFlagsFetch(index, uidCommand || _rev2);
            }
        }
    }

    private void WriteExists(SelectedMailbox selected)
    {
        var output = Output;
        output.Write("* "u8);
        output.WriteNumber(selected.Messages.Count);
        output.Write(" EXISTS\r\n"u8);
        if (!_rev2)
        {
            var recent = 0;
            foreach (var message in selected.Messages)
            {
                if ((message.Flags & MessageFlags.Recent) != 0)
                {
                    recent++;
                }
            }

            output.Write("* "u8);
            output.WriteNumber(recent);
            output.Write(" RECENT\r\n"u8);
        }
    }

    private void WriteFlagsFetch(int index, bool uidCommand)
    {
        var message = _selected!.Messages[index];
        var output = Output;
        output.Write("* "u8);
        output.WriteNumber(index + 1);
        output.Write(" FETCH ("u8);
        if (uidCommand)
        {
            output.Write("UID "u8);
            output.WriteNumber((long)message.Uid);
            output.WriteByte((byte)' ');
        }

        output.Write("FLAGS "u8);
        output.WriteFlags(message.Flags, message.Keywords, !_rev2);
        output.Write(")\r\n"u8);
    }

    private async ValueTask<bool> IdAsync()
    {
        var reader = ArgumentReader();
        if (!reader.TryReadSpace() || !(reader.TryReadNString(out var value) && value.IsNil || reader.TrySkipList()) || !reader.TryReadLineEnd())
        {
            WriteBad("Invalid ID arguments");
            return true;
        }

        Output.Write("* ID (\"name\" \"MailHost\" \"vendor\" \"MailHost\")\r\n"u8);
        await ReportUpdatesAsync();
        WriteOk("ID completed");
        return true;
    }

    private void Enable()
    {
        var reader = ArgumentReader();
        var enabled = new StringBuilder();
        var any = false;
        while (reader.TryReadSpace())
        {
            if (!reader.TryReadAtom(out var capability))
            {
                WriteBad("Invalid ENABLE arguments");
                return;
            }

            any = true;
            if (Ascii.EqualsIgnoreCase(capability, "IMAP4rev2"u8) && !_rev2)
            {
                _rev2 = true;
                enabled.Append(" IMAP4rev2");
            }
            else if (Ascii.EqualsIgnoreCase(capability, "UTF8=ACCEPT"u8) && !_utf8)
            {
                _utf8 = true;
                enabled.Append(" UTF8=ACCEPT");
            }
        }

        if (!any || !reader.TryReadLineEnd())
        {
            WriteBad("Invalid ENABLE arguments");
            return;
        }

        Output.Write("* ENABLED"u8);
        Output.WriteAscii(enabled.ToString());
        Output.WriteCrlf();
        WriteOk("ENABLE completed");
    }

    private async ValueTask<bool> StartTlsAsync()
    {
        if (!ExpectEnd())
        {
            return true;
        }

        var feature = _connection.Features.Get<IStartTlsFeature>();
        if (feature is null || !feature.IsAvailable || IsSecure)
        {
            WriteBad("STARTTLS not available");
            return true;
        }

        if (!await FlushAsync())
        {
            return false;
        }

        var ready = BuildTagged("OK", "Begin TLS negotiation now");
        var outcome = await feature.UpgradeAsync(ready, _aborted);
        switch (outcome)
        {
            case StartTlsOutcome.Upgraded:
                _input.Reader = _connection.Transport.Input;
                return true;
            case StartTlsOutcome.RefusedPipelinedPlaintext:
                Output.Write("* BYE Commands pipelined after STARTTLS\r\n"u8);
                await FlushAsync();
                ImapLog.SessionClosed(_logger, _remote, "plaintext pipelined after STARTTLS");
                return false;
            case StartTlsOutcome.HandshakeFailed:
                ImapLog.SessionClosed(_logger, _remote, "TLS handshake failed");
                return false;
            default:
                WriteBad("STARTTLS not available");
                return true;
        }
    }

    private byte[] BuildTagged(string status, string text)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        buffer.Write(_tag.AsSpan(0, _tagLength));
        buffer.WriteByte((byte)' ');
        buffer.WriteAscii(status);
        buffer.WriteByte((byte)' ');
        buffer.WriteAscii(text);
        buffer.WriteCrlf();
        return buffer.WrittenSpan.ToArray();
    }

    private IPAddress? RemoteAddress => (_connection.RemoteEndPoint as IPEndPoint)?.Address;

    public async ValueTask DisposeAsync()
    {
        if (_selected is not null)
        {
            await _selected.DisposeAsync();
            _selected = null;
            _selectionGone = false;
        }

        _command.Dispose();
    }
}
