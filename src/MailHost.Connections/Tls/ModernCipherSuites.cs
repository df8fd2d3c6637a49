using System.Net.Security;

namespace MailHost.Connections.Tls;

/// <summary>
/// TLS 1.3's suites and, for TLS 1.2, only forward-secret AEAD suites (ECDHE with AES-GCM or ChaCha20-Poly1305): the
/// platform default would also accept CBC suites with HMAC-SHA1/SHA384, which have no place on a mail server today.
/// </summary>
internal static class ModernCipherSuites
{
    /// <summary>The policy, or null on Windows, where SChannel takes its suites from the system configuration instead.</summary>
    public static CipherSuitesPolicy? Policy { get; } = Create();

    private static CipherSuitesPolicy? Create()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        return new CipherSuitesPolicy(
        [
            TlsCipherSuite.TLS_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        ]);
    }
}
