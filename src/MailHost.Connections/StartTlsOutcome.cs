namespace MailHost.Connections;

public enum StartTlsOutcome
{
    /// <summary>Handshake done; <c>ConnectionContext.Transport</c> now carries TLS.</summary>
    Upgraded,

    /// <summary>Plaintext bytes were already buffered after the STARTTLS line (CVE-2011-0411 class): nothing was written,
    /// the handler answers with an error and should close the connection.</summary>
    RefusedPipelinedPlaintext,

    /// <summary>The ready reply was written but the handshake failed or timed out; the connection is unusable, return.</summary>
    HandshakeFailed,

    /// <summary>No certificate, already secure, or an implicit-TLS endpoint: the handler answers that STARTTLS is not available.</summary>
    NotAvailable,
}
