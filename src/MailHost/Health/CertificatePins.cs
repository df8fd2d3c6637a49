using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailHost.Health;

/// <summary>
/// The health probe connects to 127.0.0.1, which no certificate names, and the default certificate is self-signed;
/// so it trusts a certificate that validates normally or that is byte-for-byte one of our own (the configured
/// <c>Tls:Certificate</c> or one in <c>&lt;Data&gt;/tls/</c>). Anything else is reported, not accepted.
/// </summary>
internal sealed class CertificatePins
{
    private static readonly string[] CertificateExtensions = [".pem", ".crt", ".cer"];
    private readonly List<byte[]> pinned;

    private CertificatePins(List<byte[]> pinned) => this.pinned = pinned;

    public int Count => pinned.Count;

    public static CertificatePins Load(string? configuredCertificate, string dataFolder)
    {
        var pins = new List<byte[]>();
        if (!string.IsNullOrWhiteSpace(configuredCertificate))
        {
            AddFile(pins, Path.GetFullPath(configuredCertificate, dataFolder));
        }

        var tlsFolder = Path.Combine(dataFolder, "tls");
        if (Directory.Exists(tlsFolder))
        {
            foreach (var file in Directory.EnumerateFiles(tlsFolder))
            {
                AddFile(pins, file);
            }
        }

        return new CertificatePins(pins);
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        var presented = certificate.GetRawCertData();
        return pinned.Exists(p => p.AsSpan().SequenceEqual(presented));
    }

    private static void AddFile(List<byte[]> pins, string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var extension = Path.GetExtension(path);
        try
        {
            if (CertificateExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
            {
                var collection = new X509Certificate2Collection();
                collection.ImportFromPemFile(path);
                foreach (var certificate in collection)
                {
                    pins.Add(certificate.RawData);
                    certificate.Dispose();
                }
            }
            else if (string.Equals(extension, ".pfx", StringComparison.OrdinalIgnoreCase) || string.Equals(extension, ".p12", StringComparison.OrdinalIgnoreCase))
            {
                using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
                pins.Add(certificate.RawData);
            }
        }
        catch (CryptographicException)
        {
            // A key file or a password-protected bundle in the folder is not a certificate to pin; skipping it only
            // narrows what the probe trusts.
            return;
        }
    }
}
