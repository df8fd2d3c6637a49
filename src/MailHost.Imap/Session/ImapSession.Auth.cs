using MailHost.Accounts;
using MailHost.Imap.Protocol;

namespace MailHost.Imap.Session;

internal sealed partial class ImapSession
{
    private async ValueTask LoginAsync()
    {
        string user, password;
        {
            var reader = ArgumentReader();
            if (!reader.TryReadSpace() || !reader.TryReadAString(out var userValue) || !reader.TryReadSpace() ||
                !reader.TryReadAString(out var passwordValue) || !reader.TryReadLineEnd())
            {
                WriteBad("Invalid LOGIN arguments");
                return;
            }

            user = userValue.Decode();
            password = passwordValue.Decode();
        }

        if (!PlaintextAuthAllowed)
        {
            WriteNo("PRIVACYREQUIRED", "Plaintext authentication disallowed on non-secure connections");
            return;
        }

        await CompleteAuthenticationAsync(user, password);
    }

    private async ValueTask CompleteAuthenticationAsync(string user, string password)
    {
        var result = await _authenticator.AuthenticateAsync(user, password, RemoteAddress, _aborted);
        switch (result.Status)
        {
            case AuthenticationStatus.Succeeded when result.User is { } mailUser:
                _account = await _store.OpenAccountAsync(mailUser.Domain, mailUser.LocalPart, _aborted);
                _state = SessionState.Authenticated;
                ArmTimeout();
                ImapLog.LoggedIn(_logger, mailUser.Address, _remote);
                _badCount = 0;
                WriteTaggedCapabilityOk("Logged in");
                break;
            case AuthenticationStatus.Unavailable:
                WriteNo("UNAVAILABLE", "Authentication temporarily unavailable, try again later");
                break;
            default:
                ImapLog.AuthenticationFailed(_logger, _remote);
                WriteNo("AUTHENTICATIONFAILED", "Authentication failed");
                break;
        }
    }

    private void WriteTaggedCapabilityOk(string text)
    {
        var output = Output;
        output.Write(_tag.AsSpan(0, _tagLength));
        output.Write(" OK [CAPABILITY "u8);
        WriteCapabilities();
        output.Write("] "u8);
        output.WriteAscii(text);
        output.WriteCrlf();
    }

    private async ValueTask<bool> AuthenticateAsync()
    {
        ISaslExchange? exchange;
        byte[]? initial = null;
        var hasInitial = false;
        var malformed = false;
        {
            var reader = ArgumentReader();
            if (!reader.TryReadSpace() || !reader.TryReadAtom(out var mechanism))
            {
                WriteBad("Invalid AUTHENTICATE arguments");
                return true;
            }

            if (!PlaintextAuthAllowed)
            {
                WriteNo("PRIVACYREQUIRED", "Authentication disallowed on non-secure connections");
                return true;
            }

            if (!_sasl.TryCreate(mechanism, out exchange))
            {
                WriteNo("CANNOT", "Unsupported authentication mechanism");
                return true;
            }

            if (reader.TryReadSpace())
            {
                hasInitial = true;
                if (!reader.TryReadAtom(out var response))
                {
                    malformed = true;
                }
                else if (!(response.Length == 1 && response[0] == (byte)'='))
                {
                    initial = DecodeBase64(response);
                    malformed = initial is null;
                }
            }

            if (!reader.TryReadLineEnd())
            {
                malformed = true;
            }
        }

        if (malformed)
        {
            WriteBad("Invalid base64 in initial response");
            return true;
        }

        var step = exchange.Start(initial ?? [], hasInitial);
        while (step.Kind == SaslStepKind.Challenge)
        {
            Output.Write("+ "u8);
            WriteBase64(step.Challenge.Span);
            Output.WriteCrlf();
            if (!await FlushAsync())
            {
                return false;
            }

            _command.Clear();
            var status = await _input.ReadLineAsync(_command, _aborted);
            if (status == ReadStatus.Canceled)
            {
                await SayGoodbyeAsync();
                return false;
            }

            if (status == ReadStatus.Closed)
            {
                return false;
            }

            var line = _command.Span.TrimEnd("\r\n"u8);
            if (status == ReadStatus.TooLong)
            {
                WriteBad("Line too long");
                return true;
            }

            if (line.Length == 1 && line[0] == (byte)'*')
            {
                WriteBad("Authentication cancelled");
                return true;
            }

            var decoded = DecodeBase64(line);
            if (decoded is null)
            {
                WriteBad("Invalid base64 response");
                return true;
            }

            step = exchange.Continue(decoded);
        }

        if (step.Kind != SaslStepKind.Credentials || step.UserName is null || step.Password is null)
        {
            WriteNo("AUTHENTICATIONFAILED", "Authentication failed");
            return true;
        }

        await CompleteAuthenticationAsync(step.UserName, step.Password);
        return true;
    }

    private static byte[]? DecodeBase64(ReadOnlySpan<byte> base64)
    {
        if (base64.IsEmpty)
        {
            return [];
        }

        var buffer = new byte[System.Buffers.Text.Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        var status = System.Buffers.Text.Base64.DecodeFromUtf8(base64, buffer, out _, out var written);
        return status == System.Buffers.OperationStatus.Done ? buffer[..written] : null;
    }

    private void WriteBase64(ReadOnlySpan<byte> data)
    {
        var span = Output.GetSpan(System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(data.Length));
        System.Buffers.Text.Base64.EncodeToUtf8(data, span, out _, out var written);
        Output.Advance(written);
    }
}
