using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MailHost.Accounts.Sasl;

internal static class SaslText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Strict UTF-8; NUL, CR and LF are refused too, since they would split lines or fields downstream.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out string? text)
    {
        text = null;
        if (bytes.IndexOfAny((byte)0, (byte)'\r', (byte)'\n') >= 0 || !System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return false;
        }

        text = Strict.GetString(bytes);
        return true;
    }

    public static SaslStep Malformed() => new(SaslStepKind.Malformed, ReadOnlyMemory<byte>.Empty, null, null);

    public static SaslStep Challenge(ReadOnlyMemory<byte> challenge) => new(SaslStepKind.Challenge, challenge, null, null);

    public static SaslStep Credentials(string userName, string password) => new(SaslStepKind.Credentials, ReadOnlyMemory<byte>.Empty, userName, password);
}
