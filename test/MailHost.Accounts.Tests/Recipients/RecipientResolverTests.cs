namespace MailHost.Accounts.Tests.Recipients;

public sealed class RecipientResolverTests
{
    private static readonly string[] Aliases =
    [
        "# aliases",
        "",
        "team@example.test: alice@example.test, Bob@Example.test",
        "chain1@example.test: chain2@example.test",
        "chain2@example.test: team@example.test",
        "loop1@example.test: loop2@example.test",
        "loop2@example.test: loop1@example.test",
        "loopy@example.test: loop1@example.test, bob@example.test",
        "remote@example.test: someone@elsewhere.test",
        "info@xn--exmple-cua.test: zoë@exämple.test",
        "abuse: alice@example.test",
        "sales@example.test: bob",
        "news@example.test: alice+news@example.test",
        "broken line without colon",
        "team@example.test: carol@example.test",
    ];

    private ResolverFixture _fixture = null!;

    [SetUp]
    public void SetUp() => _fixture = new ResolverFixture(Aliases);

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    private static void AssertResolution(RecipientResolution actual, RecipientStatus status, params RecipientTarget[] targets)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual.Status, Is.EqualTo(status));
            Assert.That(actual.Targets, Is.EqualTo(targets));
        }
    }

    [TestCase("alice@example.test")]
    [TestCase("ALICE@Example.TEST")]
    [TestCase("\"alice\"@example.test")]
    public async Task User(string address)
    {
        AssertResolution(await _fixture.ResolveAsync(address), RecipientStatus.Local, new RecipientTarget(ResolverFixture.Alice, null));
    }

    [TestCase("zoë@exämple.test")]
    [TestCase("zoë@xn--exmple-cua.test")]
    [TestCase("ZOË@EXÄMPLE.TEST")]
    [TestCase("zoe\u0308@exämple.test")]
    [TestCase("info@exämple.test")]
    [TestCase("INFO@xn--exmple-cua.test")]
    public async Task Internationalised_recipients(string address)
    {
        AssertResolution(await _fixture.ResolveAsync(address), RecipientStatus.Local, new RecipientTarget(ResolverFixture.Zoe, null));
    }

    [TestCase("team@example.test")]
    [TestCase("chain1@example.test")]
    public async Task Alias_and_alias_chain_reach_every_target_once(string address)
    {
        AssertResolution(
            await _fixture.ResolveAsync(address),
            RecipientStatus.Local,
            new RecipientTarget(ResolverFixture.Alice, null),
            new RecipientTarget(ResolverFixture.Bob, null));
    }

    [Test]
    public async Task Duplicate_alias_first_wins()
    {
        var result = await _fixture.ResolveAsync("team@example.test");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Targets.Select(t => t.User.LocalPart), Is.EqualTo(new[] { "alice", "bob" }));
            Assert.That(_fixture.Logger.Warnings, Has.Some.Contains(":15: duplicate entry for team@example.test"));
            Assert.That(_fixture.Logger.Warnings, Has.Some.Contains(":14: no ':' after the alias"));
        }
    }

    [Test]
    public async Task Loop_delivers_nowhere_but_other_branches_still_do()
    {
        using (Assert.EnterMultipleScope())
        {
            AssertResolution(await _fixture.ResolveAsync("loop1@example.test"), RecipientStatus.UnknownUser);
            AssertResolution(await _fixture.ResolveAsync("loopy@example.test"), RecipientStatus.Local, new RecipientTarget(ResolverFixture.Bob, null));
        }
    }

    [Test]
    public async Task Alias_without_domain_applies_to_every_local_domain_and_bare_targets_take_the_alias_domain()
    {
        using (Assert.EnterMultipleScope())
        {
            AssertResolution(await _fixture.ResolveAsync("abuse@example.test"), RecipientStatus.Local, new RecipientTarget(ResolverFixture.Alice, null));
            AssertResolution(await _fixture.ResolveAsync("abuse@exämple.test"), RecipientStatus.Local, new RecipientTarget(ResolverFixture.Alice, null));
            AssertResolution(await _fixture.ResolveAsync("sales@example.test"), RecipientStatus.Local, new RecipientTarget(ResolverFixture.Bob, null));
        }
    }

    [Test]
    public async Task Alias_to_a_remote_address_only_is_dropped()
    {
        AssertResolution(await _fixture.ResolveAsync("remote@example.test"), RecipientStatus.UnknownUser);
        Assert.That(_fixture.Logger.Warnings, Has.Some.Contains("someone@elsewhere.test is not in a local domain"));
    }

    [Test]
    public async Task Chain_deeper_than_the_limit_delivers_nowhere()
    {
        var deep = Enumerable.Range(0, 12).Select(i => $"deep{i}@example.test: deep{i + 1}@example.test").Append("deep12@example.test: alice@example.test");
        var shallow = Enumerable.Range(0, 5).Select(i => $"shallow{i}@example.test: shallow{i + 1}@example.test").Append("shallow5@example.test: alice@example.test");
        using var fixture = new ResolverFixture([.. deep, .. shallow]);

        using (Assert.EnterMultipleScope())
        {
            AssertResolution(await fixture.ResolveAsync("deep0@example.test"), RecipientStatus.UnknownUser);
            AssertResolution(await fixture.ResolveAsync("shallow0@example.test"), RecipientStatus.Local, new RecipientTarget(ResolverFixture.Alice, null));
        }
    }

    [Test]
    public async Task Plus_address_delivers_into_the_folder_when_it_exists()
    {
        var asked = new List<(MailUser, string)>();

        var result = await _fixture.ResolveAsync("alice+lists@example.test", (user, folder) =>
        {
            asked.Add((user, folder));
            return folder == "lists";
        });

        using (Assert.EnterMultipleScope())
        {
            AssertResolution(result, RecipientStatus.Local, new RecipientTarget(ResolverFixture.Alice, "lists"));
            Assert.That(asked, Is.EqualTo(new[] { (ResolverFixture.Alice, "lists") }));
        }
    }

    [Test]
    public async Task Plus_address_keeps_the_tag_case_the_sender_wrote_when_that_folder_exists()
    {
        var result = await _fixture.ResolveAsync("Alice+Lists@example.test", (_, folder) => folder == "Lists");

        AssertResolution(result, RecipientStatus.Local, new RecipientTarget(ResolverFixture.Alice, "Lists"));
    }

    [Test]
    public async Task Plus_address_without_such_folder_or_without_a_callback_goes_to_the_inbox()
    {
        using (Assert.EnterMultipleScope())
        {
            AssertResolution(await _fixture.ResolveAsync("alice+lists@example.test", (_, _) => false), RecipientStatus.Local, new RecipientTarget(ResolverFixture.Alice, null));
            AssertResolution(await _fixture.ResolveAsync("alice+lists@example.test"), RecipientStatus.Local, new RecipientTarget(ResolverFixture.Alice, null));
            AssertResolution(await _fixture.ResolveAsync("alice+@example.test", (_, _) => true), RecipientStatus.Local, new RecipientTarget(ResolverFixture.Alice, null));
        }
    }

    [Test]
    public async Task Plus_address_of_an_alias_and_alias_to_a_plus_address()
    {
        using (Assert.EnterMultipleScope())
        {
            AssertResolution(
                await _fixture.ResolveAsync("team+x@example.test", (user, _) => user == ResolverFixture.Bob),
                RecipientStatus.Local,
                new RecipientTarget(ResolverFixture.Alice, null),
                new RecipientTarget(ResolverFixture.Bob, "x"));
            AssertResolution(
                await _fixture.ResolveAsync("news@example.test", (_, folder) => folder == "news"),
                RecipientStatus.Local,
                new RecipientTarget(ResolverFixture.Alice, "news"));
        }
    }

    [Test]
    public async Task Plus_addressing_can_be_turned_off_or_use_another_separator()
    {
        using var off = new ResolverFixture([], o => o.PlusAddressing = false);
        using var dash = new ResolverFixture([], o => o.PlusSeparator = "-");

        using (Assert.EnterMultipleScope())
        {
            AssertResolution(await off.ResolveAsync("alice+x@example.test"), RecipientStatus.UnknownUser);
            AssertResolution(await dash.ResolveAsync("alice-x@example.test", (_, _) => true), RecipientStatus.Local, new RecipientTarget(ResolverFixture.Alice, "x"));
            AssertResolution(await dash.ResolveAsync("alice+x@example.test"), RecipientStatus.UnknownUser);
        }
    }

    [TestCase("nobody@example.test")]
    [TestCase("nobody+tag@example.test")]
    [TestCase("+tag@example.test")]
    public async Task Unknown_user(string address)
    {
        AssertResolution(await _fixture.ResolveAsync(address), RecipientStatus.UnknownUser);
    }

    [TestCase("alice@elsewhere.test")]
    [TestCase("alice@example.test.invalid")]
    public async Task Not_local(string address)
    {
        AssertResolution(await _fixture.ResolveAsync(address), RecipientStatus.NotLocal);
    }

    [TestCase("")]
    [TestCase("alice")]
    [TestCase("alice@@example.test")]
    [TestCase("ali\r\nce@example.test")]
    public async Task Invalid(string address)
    {
        AssertResolution(await _fixture.ResolveAsync(address), RecipientStatus.Invalid);
    }

    [Test]
    public async Task Catch_all_takes_unknown_local_parts_of_its_domain_only()
    {
        using var fixture = new ResolverFixture(["team@example.test: alice, bob"], o =>
        {
            o.CatchAll["xn--exmple-cua.test"] = "ZOË@exämple.test";
            o.CatchAll["example.test"] = "team@example.test";
        });

        using (Assert.EnterMultipleScope())
        {
            AssertResolution(await fixture.ResolveAsync("anything@exämple.test"), RecipientStatus.Local, new RecipientTarget(ResolverFixture.Zoe, null));
            AssertResolution(
                await fixture.ResolveAsync("whoever@example.test"),
                RecipientStatus.Local,
                new RecipientTarget(ResolverFixture.Alice, null),
                new RecipientTarget(ResolverFixture.Bob, null));
            AssertResolution(await fixture.ResolveAsync("bob@example.test"), RecipientStatus.Local, new RecipientTarget(ResolverFixture.Bob, null));
        }
    }

    [Test]
    public async Task Aliases_file_is_reloaded_when_it_changes()
    {
        var before = await _fixture.ResolveAsync("new@example.test");

        File.AppendAllLines(_fixture.AliasesPath, ["new@example.test: bob@example.test"]);
        var after = await _fixture.ResolveAsync("new@example.test");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(before.Status, Is.EqualTo(RecipientStatus.UnknownUser));
            AssertResolution(after, RecipientStatus.Local, new RecipientTarget(ResolverFixture.Bob, null));
        }
    }

    [TestCase("alice@example.test", true)]
    [TestCase("ALICE@Example.Test", true)]
    [TestCase("alice+tag@example.test", true)]
    [TestCase("team@example.test", true)]
    [TestCase("chain1@example.test", true)]
    [TestCase("bob@example.test", false)]
    [TestCase("sales@example.test", false)]
    [TestCase("nobody@example.test", false)]
    [TestCase("alice@elsewhere.test", false)]
    [TestCase("not an address", false)]
    public async Task May_send_as_own_address_or_an_alias_that_reaches_the_user(string sender, bool allowed)
    {
        Assert.That(await _fixture.Resolver.MaySendAsAsync(ResolverFixture.Alice, sender, CancellationToken.None), Is.EqualTo(allowed));
    }

    [Test]
    public async Task Catch_all_owner_may_not_send_as_arbitrary_addresses()
    {
        using var fixture = new ResolverFixture([], o => o.CatchAll["example.test"] = "alice@example.test");

        Assert.That(await fixture.Resolver.MaySendAsAsync(ResolverFixture.Alice, "ceo@example.test", CancellationToken.None), Is.False);
    }

    [TestCase("example.test", true)]
    [TestCase("EXAMPLE.TEST", true)]
    [TestCase("exämple.test", true)]
    [TestCase("xn--exmple-cua.test", true)]
    [TestCase("XN--EXMPLE-CUA.TEST", true)]
    [TestCase("elsewhere.test", false)]
    [TestCase("", false)]
    [TestCase("exa mple.test", false)]
    public void Local_domain_comparison_is_canonical(string domain, bool local)
    {
        Assert.That(_fixture.Resolver.IsLocalDomain(domain), Is.EqualTo(local));
    }
}
