using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailHost.Connections.Configuration;
using MailHost.Connections.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHost.Connections.Tls;

/// <summary>
/// Loads the configured PEM certificate, or creates a self-signed one under <c>&lt;Data&gt;/tls/</c> on first start and
/// reuses it afterwards. Loaded once, when the listener starts, so a bad certificate stops start-up.
/// </summary>
internal sealed class CertificateProvider(IOptions<TlsOptions> options, TimeProvider timeProvider, ILogger<CertificateProvider> logger) : IDisposable
{
    public const string CertificateFileName = "mailhost.crt";
    public const string KeyFileName = "mailhost.key";

    /// <summary>A self-signed certificate this close to expiry is replaced at start-up rather than left to expire while running.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private readonly Lock _gate = new();
    private X509Certificate2? _certificate;
    private SslStreamCertificateContext? _context;

    public X509Certificate2 Certificate
    {
        get
        {
            EnsureLoaded();
            return _certificate!;
        }
    }

    public SslStreamCertificateContext Context
    {
        get
        {
            EnsureLoaded();
            return _context!;
        }
    }

    public string SelfSignedDirectory => Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "tls");

    public void EnsureLoaded()
    {
        lock (_gate)
        {
            if (_context is not null)
            {
                return;
            }

            var tls = options.Value;
            var (leaf, chain) = string.IsNullOrEmpty(tls.Certificate) ? LoadOrCreateSelfSigned(tls.HostName) : LoadConfigured(tls);
            leaf = ForPlatform(leaf);
            _certificate = leaf;
            _context = SslStreamCertificateContext.Create(leaf, chain, offline: true);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _certificate?.Dispose();
        }
    }

    private (X509Certificate2 Leaf, X509Certificate2Collection Chain) LoadConfigured(TlsOptions tls)
    {
        var certificatePath = Path.GetFullPath(tls.Certificate!);
        X509Certificate2 leaf;
        try
        {
            leaf = string.IsNullOrEmpty(tls.Key)
                ? X509Certificate2.CreateFromPemFile(certificatePath)
                : X509Certificate2.CreateFromPemFile(certificatePath, Path.GetFullPath(tls.Key));
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException(
                $"{TlsOptions.SectionName}:Certificate / {TlsOptions.SectionName}:Key: cannot load a certificate with its private key from '{certificatePath}': {exception.Message}",
                exception);
        }

        // Intermediates after the leaf in the same PEM file are sent to clients with the handshake.
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certificatePath);
        var chain = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (certificate.Thumbprint != leaf.Thumbprint)
            {
                chain.Add(certificate);
            }
        }

        Log.LoadedCertificate(logger, leaf.Subject, leaf.NotAfter, certificatePath);
        return (leaf, chain);
    }

    private (X509Certificate2 Leaf, X509Certificate2Collection Chain) LoadOrCreateSelfSigned(string hostName)
    {
        var directory = SelfSignedDirectory;
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        var now = timeProvider.GetUtcNow();

        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var existing = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            if (existing.NotAfter > now.Add(RenewBefore).UtcDateTime && existing.MatchesHostname(hostName))
            {
                Log.UsingSelfSigned(logger, certificatePath, hostName);
                return (existing, []);
            }

            existing.Dispose();
        }

        Directory.CreateDirectory(directory);
        var created = SelfSignedCertificateFactory.Create(hostName, now);
        using (var key = created.GetECDsaPrivateKey()!)
        {
            WriteAtomically(keyPath, key.ExportPkcs8PrivateKeyPem(), secret: true);
        }

        WriteAtomically(certificatePath, created.ExportCertificatePem(), secret: false);
        Log.GeneratedSelfSigned(logger, hostName, certificatePath, created.NotAfter);
        return (created, []);
    }

    /// <summary>SChannel refuses keys that exist only in memory (PEM or freshly created), so Windows gets a PKCS#12 round trip.</summary>
    private static X509Certificate2 ForPlatform(X509Certificate2 certificate)
    {
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
        }
    }

    private static void WriteAtomically(string path, string content, bool secret)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        if (secret && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
