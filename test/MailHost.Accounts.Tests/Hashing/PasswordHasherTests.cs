using System.Text;
using MailHost.Accounts.Hashing;

namespace MailHost.Accounts.Tests.Hashing;

public sealed class PasswordHasherTests
{
    private readonly PasswordHasher _hasher = new(TestOptions.Wrap(TestOptions.Accounts()));

    [Test]
    public void Pbkdf2_round_trip_with_self_describing_format()
    {
        var stored = _hasher.Hash("correct horse");
        var parts = stored["{PBKDF2-SHA256}".Length..].Split('$');

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored, Does.StartWith("{PBKDF2-SHA256}1000$"));
            Assert.That(parts, Has.Length.EqualTo(3));
            Assert.That(Convert.FromBase64String(parts[1]), Has.Length.EqualTo(16));
            Assert.That(Convert.FromBase64String(parts[2]), Has.Length.EqualTo(32));
            Assert.That(_hasher.Verify(stored, "correct horse"), Is.True);
            Assert.That(_hasher.Verify(stored, "correct horsE"), Is.False);
            Assert.That(_hasher.Verify(stored, string.Empty), Is.False);
        }
    }

    // The configured cost in TestOptions is 1000 iterations.
    [TestCase("{PBKDF2-SHA256}1000$c2FsdA==$aGFzaA==", true)]
    [TestCase("{PBKDF2-SHA256}5000$c2FsdA==$aGFzaA==", true)]
    [TestCase("{PBKDF2-SHA256}999$c2FsdA==$aGFzaA==", false)]
    [TestCase("{PBKDF2-SHA256}x$c2FsdA==$aGFzaA==", false)]
    [TestCase("{PLAIN}secret", false)]
    [TestCase("{MD5}0123456789abcdef", false)]
    [TestCase("$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/", false)]
    public void Only_our_scheme_at_the_configured_cost_needs_no_padding(string stored, bool costsAsMuch) =>
        Assert.That(_hasher.CostsAsMuchAsNewHashes(stored), Is.EqualTo(costsAsMuch));

    [Test]
    public void Pbkdf2_salts_differ_between_hashes_of_the_same_password()
    {
        var first = _hasher.Hash("same");
        var second = _hasher.Hash("same");

        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void Pbkdf2_hash_keeps_its_own_iteration_count_when_configuration_changes()
    {
        var stored = new PasswordHasher(TestOptions.Wrap(TestOptions.Accounts(o => o.Pbkdf2Iterations = 1500))).Hash("pw");

        Assert.That(_hasher.Verify(stored, "pw"), Is.True);
    }

    [Test]
    public void Pbkdf2_known_vector_rfc7914()
    {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1 (first 32 octets).
        var hash = Convert.ToBase64String(Convert.FromHexString("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"));
        var stored = "{PBKDF2-SHA256}1$" + Convert.ToBase64String(Encoding.ASCII.GetBytes("salt")) + "$" + hash;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_hasher.Verify(stored, "passwd"), Is.True);
            Assert.That(_hasher.Verify(stored, "passwe"), Is.False);
        }
    }

    [TestCase("{PBKDF2-SHA256}")]
    [TestCase("{PBKDF2-SHA256}1000")]
    [TestCase("{PBKDF2-SHA256}1000$c2FsdA==")]
    [TestCase("{PBKDF2-SHA256}0$c2FsdA==$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw=")]
    [TestCase("{PBKDF2-SHA256}-1$c2FsdA==$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw=")]
    [TestCase("{PBKDF2-SHA256}1$!!!$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw=")]
    [TestCase("{PBKDF2-SHA256}1$c2FsdA==$")]
    public void Pbkdf2_malformed_never_verifies(string stored)
    {
        Assert.That(_hasher.Verify(stored, "passwd"), Is.False);
    }

    [TestCase("{PLAIN}secret", "secret", true)]
    [TestCase("{plain}secret", "secret", true)]
    [TestCase("{CLEARTEXT}sécret", "sécret", true)]
    [TestCase("{PLAIN}secret", "Secret", false)]
    [TestCase("{PLAIN}secret", "secret ", false)]
    public void Plain(string stored, string password, bool expected)
    {
        Assert.That(_hasher.Verify(stored, password), Is.EqualTo(expected));
    }

    [TestCase("{SHA512-CRYPT}$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    [TestCase("{sha512-crypt}$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    [TestCase("{CRYPT}$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    [TestCase("$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    public void Sha512_crypt_in_every_dovecot_spelling(string stored)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(StoredPassword.Identify(stored, out _, out _), Is.EqualTo(PasswordScheme.Sha512Crypt));
            Assert.That(_hasher.Verify(stored, "Hello world!"), Is.True);
            Assert.That(_hasher.Verify(stored, "hello world!"), Is.False);
        }
    }

    // Vectors from the jBCrypt / OpenBSD test suite ($2a$); $2b$ and $2y$ compute identically for these inputs.
    [TestCase("", "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.")]
    [TestCase("a", "$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe")]
    [TestCase("abc", "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i")]
    [TestCase("abcdefghijklmnopqrstuvwxyz", "$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC")]
    [TestCase("~!@#$%^&*()      ~!@#$%^&*()PNBFRD", "$2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO")]
    public void Blowfish_crypt_known_vectors(string password, string hash)
    {
        var y = "$2y$" + hash[4..];
        var b = "$2b$" + hash[4..];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_hasher.Verify("{BLF-CRYPT}" + hash, password), Is.True);
            Assert.That(_hasher.Verify("{BLF-CRYPT}" + y, password), Is.True);
            Assert.That(_hasher.Verify("{BLF-CRYPT}" + b, password), Is.True);
            Assert.That(_hasher.Verify(y, password), Is.True, "bare $2y$ is Dovecot's default CRYPT scheme");
            Assert.That(_hasher.Verify("{BLF-CRYPT}" + y, password + "x"), Is.False);
        }
    }

    [TestCase("{MD5-CRYPT}$1$saltsalt$qjXMvbEw8oaL.CzflDugX/", "MD5-CRYPT")]
    [TestCase("{SSHA}abcdef", "SSHA")]
    [TestCase("{BLF-CRYPT}$2y$06$short", "BLF-CRYPT")]
    [TestCase("{BLF-CRYPT}$2y$99$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.", "BLF-CRYPT")]
    [TestCase("{UNCLOSED", "{UNCLOSED")]
    [TestCase("plaintext-without-scheme", "CRYPT")]
    public void Unknown_or_broken_schemes_never_verify(string stored, string schemeName)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(StoredPassword.Identify(stored, out _, out var name), Is.EqualTo(PasswordScheme.Unknown));
            Assert.That(name, Is.EqualTo(schemeName));
            Assert.That(_hasher.Verify(stored, "anything"), Is.False);
            Assert.That(_hasher.Verify(stored, stored), Is.False);
        }
    }
}
