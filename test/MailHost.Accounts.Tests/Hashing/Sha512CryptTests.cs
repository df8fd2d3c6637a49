using MailHost.Accounts.Hashing;

namespace MailHost.Accounts.Tests.Hashing;

public sealed class Sha512CryptTests
{
    // Test vectors from Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512" specification (as used by glibc).
    [TestCase("$6$saltstring", "Hello world!",
        "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    [TestCase("$6$rounds=10000$saltstringsaltstring", "Hello world!",
        "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.")]
    [TestCase("$6$rounds=5000$toolongsaltstring", "This is just a test",
        "$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0")]
    [TestCase("$6$rounds=1400$anotherlongsaltstring", "a very much longer text to encrypt.  This one even stretches over morethan one line.",
        "$6$rounds=1400$anotherlongsalts$POfYwTEok97VWcjxIiSOjiykti.o/pQs.wPvMxQ6Fm7I6IoYN3CmLs66x9t0oSwbtEW7o7UmJEiDwGqd8p4ur1")]
    [TestCase("$6$rounds=77777$short", "we have a short salt string but not a short password",
        "$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0")]
    [TestCase("$6$rounds=123456$asaltof16chars..", "a short string",
        "$6$rounds=123456$asaltof16chars..$BtCwjqMJGx5hrJhZywWvt0RLE8uZ4oPwcelCjmw2kSYu.Ec6ycULevoBK25fs2xXgMNrCzIMVcgEJAstJeonj1")]
    [TestCase("$6$rounds=10$roundstoolow", "the minimum number is still observed",
        "$6$rounds=1000$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.")]
    // Produced independently with `openssl passwd -6 -salt abcdefgh 'pässwörd'` (UTF-8 key).
    [TestCase("$6$abcdefgh", "pässwörd",
        "$6$abcdefgh$qlUjQo8xiC5dmwOr49rtm.DQdv9onQYoWr0dgDR2SqMkw1296.hIZnRd/ltg71cpfDQGxCw0Bli1kXypCoIxg0")]
    public void Known_vectors(string setting, string password, string expected)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Sha512Crypt.Crypt(password, setting), Is.EqualTo(expected));
            Assert.That(Sha512Crypt.Verify(expected, password), Is.True);
            Assert.That(Sha512Crypt.Verify(expected, password + "x"), Is.False);
        }
    }

    [TestCase("$6$salt")]
    [TestCase("$6$saltstring$tooShort")]
    [TestCase("$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz!")]
    [TestCase("$6$rounds=x$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    [TestCase("$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZF4DQxPJ4")]
    [TestCase("")]
    public void Malformed_hashes_never_verify(string stored)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Sha512Crypt.IsWellFormed(stored), Is.False);
            Assert.That(Sha512Crypt.Verify(stored, "Hello world!"), Is.False);
        }
    }
}
