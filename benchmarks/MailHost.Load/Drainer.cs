using System.Globalization;

namespace MailHost.Load;

/// <summary>
/// What a mail client does with the mail it receives (--drain-every): every interval, for each user with messages acknowledged
/// since the last drain, log in, check that each of them is in its folder exactly once (by Message-ID), and remove them with
/// UID STORE \Deleted and UID EXPUNGE. The delivery profiles then keep the stored mailboxes at a steady size instead of growing
/// them for the whole run, so a soak measures a steady state. Messages still in flight wait for the next drain; what is left
/// at the end is checked by the <see cref="Verifier"/> as before.
/// </summary>
internal sealed class Drainer(LoadContext context)
{
    private const int Parallelism = 4;

    private long drained;

    /// <summary>Drains every <see cref="LoadOptions.DrainEvery"/> until <paramref name="measured"/> (the profile's run) ends.</summary>
    public async Task RunAsync(Task measured, CancellationToken cancellationToken)
    {
        var every = context.Options.DrainEvery ?? throw new InvalidOperationException("no drain interval");
        while (!measured.IsCompleted)
        {
            await Task.WhenAny(measured, Task.Delay(every, cancellationToken));
            if (measured.IsCompleted || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            await DrainOnceAsync(cancellationToken);
        }

        context.Metrics["drained"] = Interlocked.Read(ref drained);
    }

    private async Task DrainOnceAsync(CancellationToken cancellationToken)
    {
        // Only what was acknowledged before this point: a message still being written is left for the next drain.
        var due = context.Ledger.Keys
            .Select(key => (Key: key, Ids: context.Ledger.Messages(key).Where(static pair => pair.Value == Presence.Present).Select(static pair => pair.Key).ToList()))
            .Where(static folder => folder.Ids.Count > 0)
            .GroupBy(static folder => folder.Key.User, StringComparer.Ordinal)
            .ToList();
        var users = context.Users.ToDictionary(static user => user.Address, StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (group, token) =>
            {
                try
                {
                    await context.TimeAsync("drain", async () =>
                    {
                        await using var connection = await context.OpenImapAsync(users[group.Key], token);
                        foreach (var (key, ids) in group)
                        {
                            await DrainFolderAsync(connection, key, ids, token);
                        }

                        await connection.LogoutAsync(token);
                    });
                }
                catch (OperationFailedException)
                {
                    // Recorded as an error of "drain"; the messages stay Uncertain or Present for the final verification.
                    return;
                }
            });
    }

    private async Task DrainFolderAsync(ImapConnection connection, MailboxKey key, List<string> ids, CancellationToken cancellationToken)
    {
        (await connection.CommandAsync($"SELECT {ImapConnection.Quote(key.Folder)}", cancellationToken)).EnsureOk("SELECT (drain)");
        var uidsById = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        if (connection.Exists > 0)
        {
            var response = (await connection.CommandAsync("FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])", cancellationToken)).EnsureOk("FETCH (drain)");
            foreach (var line in response.Untagged)
            {
                if (line.Literals.Count == 0 || UidOf(line.Text) is not { } uid)
                {
                    continue;
                }

                var id = Verifier.MessageId(line.Literals[0]);
                if (id.Length > 0)
                {
                    (uidsById.TryGetValue(id, out var list) ? list : uidsById[id] = []).Add(uid);
                }
            }
        }

        var remove = new List<long>(ids.Count);
        foreach (var id in ids)
        {
            var copies = uidsById.TryGetValue(id, out var uids) ? uids : [];
            if (copies.Count != 1)
            {
                context.DrainFailures.Enqueue($"{key.User}/{key.Folder}: <{id}> found {copies.Count} times at a drain, expected 1");
            }

            remove.AddRange(copies);
        }

        if (remove.Count > 0)
        {
            foreach (var id in ids)
            {
                context.Ledger.Mark(key, id, Presence.Uncertain);
            }

            var set = string.Join(',', remove.Select(static uid => uid.ToString(CultureInfo.InvariantCulture)));
            (await connection.CommandAsync($"UID STORE {set} +FLAGS.SILENT (\\Deleted)", cancellationToken)).EnsureOk("STORE (drain)");
            (await connection.CommandAsync($"UID EXPUNGE {set}", cancellationToken)).EnsureOk("UID EXPUNGE (drain)");
        }

        foreach (var id in ids)
        {
            // Gone now, or reported above as lost: either way the final verification expects no copy.
            context.Ledger.Mark(key, id, Presence.Absent);
        }

        Interlocked.Add(ref drained, remove.Count);
    }

    private static long? UidOf(string text)
    {
        var at = text.IndexOf("UID ", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var digits = text.AsSpan(at + 4);
        var end = digits.IndexOfAnyExceptInRange('0', '9');
        return long.TryParse(end < 0 ? digits : digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var uid) ? uid : null;
    }
}
