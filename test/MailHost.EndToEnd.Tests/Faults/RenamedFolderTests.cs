using MailHost.EndToEnd.Tests.Support;
using MailKit;
using MailKit.Net.Imap;

namespace MailHost.EndToEnd.Tests.Faults;

/// <summary>
/// Another process renames the Maildir++ folder directory (<c>mv .Work .Projects</c>) while a client has it selected. Dovecot
/// would disconnect; MailHost keeps the session: the loss is announced once (untagged <c>NO [NONEXISTENT]</c>), every command
/// on the stale selection answers a tagged <c>NO [NONEXISTENT]</c>, commands that do not need it (NOOP, LIST) work, and SELECT
/// of the new name shows every message.
/// </summary>
[CancelAfter(60_000)]
[NonParallelizable]
public sealed class RenamedFolderTests
{
    [Test]
    public async Task A_folder_renamed_underneath_answers_no_and_is_found_under_its_new_name(CancellationToken cancellationToken)
    {
        using var store = new FaultStore();
        await using var daemon = await store.StartAsync(addUser: true, configure: null, cancellationToken);
        var messages = Enumerable.Range(1, 3).Select(i => FaultStore.NewMessage($"message {i}", 1024)).ToList();
        using (var client = await FaultStore.ConnectImapAsync(daemon, cancellationToken))
        {
            var work = await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync("Work", true, cancellationToken)
                ?? throw new InvalidOperationException("CREATE Work returned no folder");
            foreach (var message in messages)
            {
                await work.AppendAsync(new AppendRequest(message), cancellationToken);
            }
        }

        await using var imap = await LineConnection.OpenAsync(daemon, "imap", cancellationToken);
        await imap.ReadLineAsync(cancellationToken);
        await imap.WriteLineAsync($"a LOGIN {FaultStore.User} {FaultStore.Password}", cancellationToken);
        await imap.ReadUntilAsync("a ", cancellationToken);
        await imap.WriteLineAsync("s SELECT Work", cancellationToken);
        var select = await imap.ReadUntilAsync("s ", cancellationToken);

        Directory.Move(Path.Combine(store.Inbox, ".Work"), Path.Combine(store.Inbox, ".Projects"));

        const string gone = "NO [NONEXISTENT] Selected mailbox was renamed or deleted by another process; SELECT it again";
        var transcript = new List<string>();
        foreach (var command in new[]
        {
            "f1 FETCH 1:3 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])",
            "n1 NOOP",
            "st STORE 1 +FLAGS (\\Flagged)",
            "se SEARCH ALL",
            "f2 UID FETCH 1:* (FLAGS)",
            "e EXPUNGE",
            "l LIST \"\" Projects",
            "s2 SELECT Projects",
            "f3 FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])",
        })
        {
            await imap.WriteLineAsync(command, cancellationToken);
            transcript.Add("C: " + command);
            transcript.AddRange((await imap.ReadUntilAsync(command.Split(' ')[0] + " ", cancellationToken)).Select(static l => "S: " + l));
        }

        var afterSelect = transcript.SkipWhile(static l => l != "C: f3 FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(select, Has.Member("* 3 EXISTS"), daemon.Output);
            Assert.That(transcript.TakeWhile(static l => l != "C: s2 SELECT Projects"), Is.EqualTo(new[]
            {
                "C: f1 FETCH 1:3 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])",
                "S: * " + gone,
                "S: f1 " + gone,
                "C: n1 NOOP",
                "S: n1 OK NOOP completed",
                "C: st STORE 1 +FLAGS (\\Flagged)",
                "S: st " + gone,
                "C: se SEARCH ALL",
                "S: se " + gone,
                "C: f2 UID FETCH 1:* (FLAGS)",
                "S: f2 " + gone,
                "C: e EXPUNGE",
                "S: e " + gone,
                "C: l LIST \"\" Projects",
                "S: * LIST (\\HasNoChildren) \"/\" Projects",
                "S: l OK LIST completed",
            }), string.Join("\n", transcript) + "\n" + daemon.Output);
            Assert.That(transcript, Has.Member("S: * 3 EXISTS").And.Member("S: s2 OK [READ-WRITE] SELECT completed"), "the new name selects with every message");
            Assert.That(afterSelect.Where(static l => l.StartsWith("S: Subject: ", StringComparison.Ordinal)), Is.EqualTo(new[]
            {
                "S: Subject: message 1", "S: Subject: message 2", "S: Subject: message 3",
            }));
            Assert.That(afterSelect[^1], Is.EqualTo("S: f3 OK FETCH completed"));
        }
    }

    [Test]
    public async Task A_folder_renamed_during_idle_is_announced_and_the_session_goes_on(CancellationToken cancellationToken)
    {
        using var store = new FaultStore();
        await using var daemon = await store.StartAsync(addUser: true, configure: null, cancellationToken);
        using (var client = await FaultStore.ConnectImapAsync(daemon, cancellationToken))
        {
            var work = await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync("Work", true, cancellationToken)
                ?? throw new InvalidOperationException("CREATE Work returned no folder");
            await work.AppendAsync(new AppendRequest(FaultStore.NewMessage("message 1", 1024)), cancellationToken);
        }

        await using var imap = await LineConnection.OpenAsync(daemon, "imap", cancellationToken);
        await imap.ReadLineAsync(cancellationToken);
        await imap.WriteLineAsync($"a LOGIN {FaultStore.User} {FaultStore.Password}", cancellationToken);
        await imap.ReadUntilAsync("a ", cancellationToken);
        await imap.WriteLineAsync("s SELECT Work", cancellationToken);
        await imap.ReadUntilAsync("s ", cancellationToken);
        await imap.WriteLineAsync("i IDLE", cancellationToken);
        var idling = await imap.ReadLineAsync(cancellationToken);

        // Another process's change: found by the store's poll of the folder (Store:PollIntervalMs), not by a notification.
        Directory.Move(Path.Combine(store.Inbox, ".Work"), Path.Combine(store.Inbox, ".Projects"));
        var announced = await imap.ReadLineAsync(cancellationToken);
        await imap.WriteLineAsync("DONE", cancellationToken);
        var done = await imap.ReadUntilAsync("i ", cancellationToken);
        await imap.WriteLineAsync("s2 SELECT Projects", cancellationToken);
        var select = await imap.ReadUntilAsync("s2 ", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(idling, Does.StartWith("+ "));
            Assert.That(announced, Is.EqualTo("* NO [NONEXISTENT] Selected mailbox was renamed or deleted by another process; SELECT it again"), daemon.Output);
            Assert.That(done[^1], Does.StartWith("i OK "), "IDLE ends normally after the announcement");
            Assert.That(select, Has.Member("* 1 EXISTS"));
            Assert.That(select[^1], Does.StartWith("s2 OK "));
        }
    }

    [Test]
    public async Task MailKit_gets_a_command_error_and_finds_every_message_under_the_new_name(CancellationToken cancellationToken)
    {
        using var store = new FaultStore();
        await using var daemon = await store.StartAsync(addUser: true, configure: null, cancellationToken);
        using var client = await FaultStore.ConnectImapAsync(daemon, cancellationToken);
        var work = await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync("Work", true, cancellationToken)
            ?? throw new InvalidOperationException("CREATE Work returned no folder");
        var messages = Enumerable.Range(1, 3).Select(i => FaultStore.NewMessage($"message {i}", 1024)).ToList();
        foreach (var message in messages)
        {
            await work.AppendAsync(new AppendRequest(message), cancellationToken);
        }

        await work.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        Directory.Move(Path.Combine(store.Inbox, ".Work"), Path.Combine(store.Inbox, ".Projects"));

        var refused = Assert.CatchAsync<Exception>(async () => await work.GetMessageAsync(0, cancellationToken));
        await client.NoOpAsync(cancellationToken);
        var projects = await client.GetFolderAsync("Projects", cancellationToken);
        await projects.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var found = new List<string?>();
        for (var i = 0; i < projects.Count; i++)
        {
            found.Add((await projects.GetMessageAsync(i, cancellationToken)).MessageId);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused, Is.InstanceOf<ImapCommandException>(), daemon.Output);
            Assert.That((refused as ImapCommandException)?.Response, Is.EqualTo(ImapCommandResponse.No));
            Assert.That(client.IsConnected, Is.True, "the session survives");
            Assert.That(found, Is.EquivalentTo(messages.Select(static m => m.MessageId)), "every message, once, under the new name");
        }
    }
}
