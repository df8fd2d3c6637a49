using System.IO.Pipelines;
using MailHost.Connections;

namespace MailHost.Smtp.Tests.Support;

/// <summary>
/// STARTTLS without real TLS: refuses when plaintext is buffered (as the real feature must), otherwise writes the ready
/// reply and marks the connection secure, the observable effect of a successful handshake.
/// </summary>
internal sealed class TestStartTlsFeature(PipeReader input, PipeWriter output, TestSecurityFeature security) : IStartTlsFeature
{
    public int Upgrades { get; private set; }

    public int Calls { get; private set; }

    public bool IsAvailable => !security.IsSecure;

    public async ValueTask<StartTlsOutcome> UpgradeAsync(ReadOnlyMemory<byte> readyReply, CancellationToken cancellationToken)
    {
        Calls++;
        if (input.TryRead(out var buffered))
        {
            var any = !buffered.Buffer.IsEmpty;
            input.AdvanceTo(buffered.Buffer.Start);
            if (any)
            {
                return StartTlsOutcome.RefusedPipelinedPlaintext;
            }
        }

        await output.WriteAsync(readyReply, cancellationToken);
        security.IsSecure = true;
        security.TlsProtocol = "TLSv1.3";
        security.CipherSuite = "TLS_AES_256_GCM_SHA384";
        Upgrades++;
        return StartTlsOutcome.Upgraded;
    }
}
