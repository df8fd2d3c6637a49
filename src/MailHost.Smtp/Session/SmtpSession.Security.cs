using System.Buffers;
using System.Buffers.Text;
using MailHost.Accounts;
using MailHost.Connections;
using MailHost.Smtp.Parsing;

namespace MailHost.Smtp.Session;

internal sealed partial class SmtpSession
{
    private static readonly ReadOnlyMemory<byte> ReadyToStartTls = "220 2.0.0 Ready to start TLS\r\n"u8.ToArray();

    private const int SaslClosed = -1;
    private const int SaslTooLong = -2;

    private Step Auth(scoped in SmtpCommand command)
    {
        if (_user is not null)
        {
            Error("503 5.5.1 Error: already authenticated\r\n"u8);
            return Step.Continue;
        }

        if (!AuthAllowed)
        {
            Error("538 5.7.11 Encryption required for requested authentication mechanism\r\n"u8);
            return Step.Continue;
        }

        if (!_services.SaslMechanisms.TryCreate(command.Mechanism, out var exchange))
        {
            Error("504 5.5.4 Unrecognized authentication type\r\n"u8);
            return Step.Continue;
        }

        if (!command.HasInitialResponse)
        {
            _saslStep = exchange.Start([], hasInitialResponse: false);
        }
        else if (command.Argument is [(byte)'='])
        {
            // RFC 4954 §4: "=" is an empty initial response.
            _saslStep = exchange.Start([], hasInitialResponse: true);
        }
        else
        {
            var decoded = _scratch.AsSpan(SmtpLimits.MailLine + 2);
            if (Base64.DecodeFromUtf8(command.Argument, decoded, out _, out var written) != OperationStatus.Done)
            {
                Error("501 5.5.2 Invalid base64 data\r\n"u8);
                return Step.Continue;
            }

            _saslStep = exchange.Start(decoded[..written], hasInitialResponse: true);
        }

        _sasl = exchange;
        return Step.Auth;
    }

    private async Task<bool> AuthenticateAsync()
    {
        var exchange = _sasl!;
        _sasl = null;
        while (true)
        {
            var step = _saslStep;
            switch (step.Kind)
            {
                case SaslStepKind.Credentials:
                    await VerifyCredentialsAsync(step.UserName ?? string.Empty, step.Password ?? string.Empty);
                    return !_closing;
                case SaslStepKind.Challenge:
                    WriteChallenge(step.Challenge.Span);
                    await FlushAsync();
                    var length = await ReadSaslLineAsync();
                    if (length == SaslClosed)
                    {
                        return false;
                    }

                    if (length == SaslTooLong)
                    {
                        Error("500 5.5.6 Authentication exchange line is too long\r\n"u8);
                        return !_closing;
                    }

                    if (length == 1 && _scratch[0] == (byte)'*')
                    {
                        Error("501 5.7.0 Authentication cancelled\r\n"u8);
                        return !_closing;
                    }

                    if (Base64.DecodeFromUtf8InPlace(_scratch.AsSpan(0, length), out var written) != OperationStatus.Done)
                    {
                        Error("501 5.5.2 Invalid base64 data\r\n"u8);
                        return !_closing;
                    }

                    _saslStep = exchange.Continue(_scratch.AsSpan(0, written));
                    break;
                default:
                    Error("501 5.5.2 Malformed authentication data\r\n"u8);
                    return !_closing;
            }
        }
    }

    private async Task VerifyCredentialsAsync(string userName, string password)
    {
        var remote = (_connection.RemoteEndPoint as System.Net.IPEndPoint)?.Address;
        AuthenticationResult result;
        try
        {
            result = await _services.Authenticator.AuthenticateAsync(userName, password, remote, Aborted);
        }
        catch (Exception exception) when (IsServiceFailure(exception))
        {
            SmtpLog.LookupFailed(_services.Logger, _protocol, _connection.ConnectionId, exception);
            result = new AuthenticationResult(AuthenticationStatus.Unavailable, null);
        }

        switch (result.Status)
        {
            case AuthenticationStatus.Succeeded when result.User is not null:
                _user = result.User;
                Reply("235 2.7.0 Authentication successful\r\n"u8);
                break;
            case AuthenticationStatus.Unavailable when result.Throttled:
                WriteHostLine("421 4.7.0 "u8, " Too many failed authentications, closing connection\r\n"u8);
                _closing = true;
                break;
            case AuthenticationStatus.Unavailable:
                Reply("454 4.7.0 Temporary authentication failure\r\n"u8);
                break;
            default:
                SmtpLog.AuthenticationFailed(_services.Logger, _protocol, _connection.ConnectionId);
                Error("535 5.7.8 Authentication credentials invalid\r\n"u8);
                break;
        }
    }

    private void WriteChallenge(ReadOnlySpan<byte> challenge)
    {
        var output = Output;
        output.Write("334 "u8);
        var span = output.GetSpan(Base64.GetMaxEncodedToUtf8Length(challenge.Length));
        Base64.EncodeToUtf8(challenge, span, out _, out var written);
        output.Advance(written);
        output.Write("\r\n"u8);
        _unflushed = true;
    }

    /// <summary>Reads one SASL response line into the scratch buffer: its length, <see cref="SaslClosed"/> or <see cref="SaslTooLong"/>.</summary>
    private async Task<int> ReadSaslLineAsync()
    {
        var discarding = false;

        // Armed once: the timeout is a deadline for the whole response line, however slowly its bytes arrive.
        _timeout?.SetTimeout(_commandTimeout);
        while (true)
        {
            var result = await Input.ReadAsync(Aborted);
            if (result.IsCanceled)
            {
                await GoodbyeAsync();
                return SaslClosed;
            }

            var buffer = result.Buffer;
            var status = ExtractSaslLine(buffer, ref discarding, out var consumed, out var length);
            if (status is SmtpLineStatus.Complete or SmtpLineStatus.TooLong)
            {
                _moreBuffered = !buffer.Slice(consumed).IsEmpty;
                Input.AdvanceTo(consumed);
                return status == SmtpLineStatus.Complete ? length : SaslTooLong;
            }

            Input.AdvanceTo(consumed, buffer.End);
            if (result.IsCompleted)
            {
                return SaslClosed;
            }
        }
    }

    private SmtpLineStatus ExtractSaslLine(ReadOnlySequence<byte> buffer, ref bool discarding, out SequencePosition consumed, out int length)
    {
        var reader = new SequenceReader<byte>(buffer);
        length = 0;
        if (!discarding)
        {
            var status = SmtpLineReader.TryReadLine(ref reader, SmtpLimits.SaslLine, _scratch, out var line);
            if (status != SmtpLineStatus.TooLongUnterminated)
            {
                if (status == SmtpLineStatus.Complete)
                {
                    line.CopyTo(_scratch);
                    length = line.Length;
                }

                consumed = reader.Position;
                return status;
            }

            discarding = true;
        }

        if (SmtpLineReader.SkipToLineEnd(ref reader))
        {
            consumed = reader.Position;
            return SmtpLineStatus.TooLong;
        }

        consumed = reader.Position;
        return SmtpLineStatus.Incomplete;
    }

    private async Task<bool> StartTlsAsync(long bufferedAfterCommand)
    {
        if (bufferedAfterCommand > 0)
        {
            // CVE-2011-0411: anything the client sent after STARTTLS in plaintext must never be read as if it came over TLS.
            Reply("554 5.5.1 Error: pipelined commands after STARTTLS refused\r\n"u8);
            _closing = true;
            await FlushAsync();
            return false;
        }

        if (_unflushed)
        {
            await FlushAsync();
        }

        var feature = _connection.Features.Get<IStartTlsFeature>()!;
        var outcome = await feature.UpgradeAsync(ReadyToStartTls, Aborted);
        switch (outcome)
        {
            case StartTlsOutcome.Upgraded:
                // RFC 3207 §4.2: forget everything learnt before TLS.
                _state = SmtpState.Connected;
                _helloName = null;
                _extended = false;
                _user = null;
                _envelope = null;
                _moreBuffered = false;
                return true;
            case StartTlsOutcome.RefusedPipelinedPlaintext:
                Reply("554 5.5.1 Error: pipelined commands after STARTTLS refused\r\n"u8);
                _closing = true;
                await FlushAsync();
                return false;
            case StartTlsOutcome.NotAvailable:
                Error("454 4.7.0 TLS not available\r\n"u8);
                return !_closing;
            default:
                return false;
        }
    }
}
