namespace MailHost.Accounts.Tests;

public sealed class AddressCanonicalizerTests
{
    private readonly AddressCanonicalizer _canonicalizer = new(localPartCaseSensitive: false);

    [TestCase("alice@example.test", "alice@example.test")]
    [TestCase("Alice@Example.TEST", "alice@example.test")]
    [TestCase("ALICE@EXAMPLE.TEST", "alice@example.test")]
    [TestCase("zoë@exämple.test", "zoë@exämple.test")]
    [TestCase("zoë@xn--exmple-cua.test", "zoë@exämple.test")]
    [TestCase("ZOË@XN--EXMPLE-CUA.TEST", "zoë@exämple.test")]
    [TestCase("Zoë@EXÄMPLE.test", "zoë@exämple.test")]
    [TestCase("zoe\u0308@exa\u0308mple.test", "zoë@exämple.test")]
    [TestCase("用户@例子.测试", "用户@例子.测试")]
    [TestCase("用户@xn--fsqu00a.xn--0zwm56d", "用户@例子.测试")]
    [TestCase("first.last+tag@example.test", "first.last+tag@example.test")]
    [TestCase("o'brien!#$%&*=?^_`{|}~-@example.test", "o'brien!#$%&*=?^_`{|}~-@example.test")]
    [TestCase("user@localhost", "user@localhost")]
    [TestCase("\"alice\"@example.test", "alice@example.test")]
    [TestCase("\"Alice.Smith\"@example.test", "alice.smith@example.test")]
    [TestCase("\"john doe\"@example.test", "\"john doe\"@example.test")]
    [TestCase("\"a@b\"@example.test", "\"a@b\"@example.test")]
    [TestCase("\"a\\\"b\"@example.test", "\"a\\\"b\"@example.test")]
    [TestCase("\"..\"@example.test", "\"..\"@example.test")]
    [TestCase("\"a\\b\"@example.test", "ab@example.test")]
    public void Canonical_form(string input, string expected)
    {
        var ok = _canonicalizer.TryCanonicalize(input, out var user, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True, error);
            Assert.That(user?.Address, Is.EqualTo(expected));
        }
    }

    [TestCase("", "empty address")]
    [TestCase("alice", "missing @")]
    [TestCase("alice@bob@example.test", "more than one @")]
    [TestCase("\"a\"@b@example.test", "more than one @")]
    [TestCase("@example.test", "empty local part")]
    [TestCase("\"\"@example.test", "empty local part")]
    [TestCase("alice@", "empty domain")]
    [TestCase("ali\0ce@example.test", "control character in address")]
    [TestCase("alice@example.test\r\nRCPT TO:<x@y>", "control character in address")]
    [TestCase("alice\n@example.test", "control character in address")]
    [TestCase("alice\u007F@example.test", "control character in address")]
    [TestCase("alice\u0085@example.test", "control character in address")]
    [TestCase(".alice@example.test", "malformed local part")]
    [TestCase("alice.@example.test", "malformed local part")]
    [TestCase("al..ice@example.test", "malformed local part")]
    [TestCase("al ice@example.test", "malformed local part")]
    [TestCase("al(ice)@example.test", "malformed local part")]
    [TestCase("a\"b@example.test", "malformed local part")]
    [TestCase("\"unterminated@example.test", "unterminated quoted local part")]
    [TestCase("\"a\"b@example.test", "malformed quoted local part")]
    [TestCase("a/b@example.test", "path separator in local part")]
    [TestCase("\"a/b\"@example.test", "path separator in local part")]
    [TestCase("alice@exa mple.test", "malformed domain")]
    [TestCase("alice@example..test", "malformed domain")]
    [TestCase("alice@example.test.", "malformed domain")]
    [TestCase("alice@.example.test", "malformed domain")]
    [TestCase("alice@exa_mple.test", "malformed domain")]
    [TestCase("alice@-example.test", "malformed domain")]
    [TestCase("alice@[127.0.0.1]", "address literals are not supported")]
    public void Rejected(string input, string expectedError)
    {
        var ok = _canonicalizer.TryCanonicalize(input, out var user, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(user, Is.Null);
            Assert.That(error, Is.EqualTo(expectedError));
        }
    }

    [Test]
    public void Lone_surrogate_is_rejected()
    {
        // Built at run time: attribute arguments cannot carry a lone surrogate through metadata.
        var input = "al" + (char)0xD800 + "ice@example.test";

        var ok = _canonicalizer.TryCanonicalize(input, out _, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Is.EqualTo("invalid Unicode in address"));
        }
    }

    [TestCase(64, true)]
    [TestCase(65, false)]
    public void Local_part_limit_is_64_octets(int length, bool accepted)
    {
        var ok = _canonicalizer.TryCanonicalize(new string('a', length) + "@example.test", out _, out var error);

        Assert.That(ok, Is.EqualTo(accepted), error);
        if (!accepted)
        {
            Assert.That(error, Is.EqualTo("local part longer than 64 octets"));
        }
    }

    [Test]
    public void Local_part_limit_counts_utf8_octets_not_characters()
    {
        // 'ë' is two octets: 32 of them fit, 33 do not.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_canonicalizer.TryCanonicalize(new string('ë', 32) + "@example.test", out _, out _), Is.True);
            Assert.That(_canonicalizer.TryCanonicalize(new string('ë', 33) + "@example.test", out _, out var error), Is.False);
            Assert.That(error, Is.EqualTo("local part longer than 64 octets"));
        }
    }

    [TestCase(254, true)]
    [TestCase(255, false)]
    public void Address_limit_is_254_octets(int total, bool accepted)
    {
        var local = new string('a', 64);
        var domainLength = total - 65;
        var labels = new List<string>();
        while (domainLength > 0)
        {
            var label = Math.Min(63, domainLength);
            if (domainLength - label == 1)
            {
                label--; // never leave a remainder that is only the dot
            }

            labels.Add(new string('b', label));
            domainLength -= label + 1;
        }

        var address = local + "@" + string.Join('.', labels);
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(address), Is.EqualTo(total));

        var ok = _canonicalizer.TryCanonicalize(address, out _, out var error);

        Assert.That(ok, Is.EqualTo(accepted), error);
        if (!accepted)
        {
            Assert.That(error, Is.EqualTo("address longer than 254 octets"));
        }
    }

    [Test]
    public void Label_over_63_characters_is_malformed()
    {
        var ok = _canonicalizer.TryCanonicalize("a@" + new string('b', 64) + ".test", out _, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Is.EqualTo("malformed domain"));
        }
    }

    [Test]
    public void Huge_input_is_refused_without_work()
    {
        var ok = _canonicalizer.TryCanonicalize(new string('a', 1_000_000) + "@example.test", out _, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Is.EqualTo("address longer than 254 octets"));
        }
    }

    [Test]
    public void Case_sensitive_local_part_keeps_case_but_domain_still_folds()
    {
        var sensitive = new AddressCanonicalizer(localPartCaseSensitive: true);

        var ok = sensitive.TryCanonicalize("Alice@Example.TEST", out var user, out _);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(user, Is.EqualTo(new MailUser("Alice", "example.test")));
        }
    }

    [Test]
    public void Equivalent_spellings_give_equal_users()
    {
        _canonicalizer.TryCanonicalize("zoë@exämple.test", out var unicode, out _);
        _canonicalizer.TryCanonicalize("ZOË@xn--exmple-cua.TEST", out var ascii, out _);

        Assert.That(unicode, Is.EqualTo(ascii));
    }

    [TestCase("EXAMPLE.test", "example.test")]
    [TestCase("xn--exmple-cua.test", "exämple.test")]
    [TestCase("EXÄMPLE.TEST", "exämple.test")]
    public void Domain_alone(string input, string expected)
    {
        var ok = _canonicalizer.TryCanonicalizeDomain(input, out var domain, out _);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(domain, Is.EqualTo(expected));
        }
    }
}
