using System.Text;

namespace MailHost.Load;

/// <summary>
/// After the run, reads every folder the run touched over IMAP and checks it against the <see cref="Ledger"/>:
/// the message count, each message written exactly once, each removed message gone, and no duplicate Message-ID.
/// </summary>
internal static class Verifier
{
    public static async Task<IReadOnlyList<string>> VerifyAsync(LoadContext context, CancellationToken cancellationToken)
    {
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var byUser = context.Ledger.Keys.GroupBy(static key => key.User, StringComparer.Ordinal);
        var users = context.Users.ToDictionary(static user => user.Address, StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            byUser,
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (group, token) =>
            {
                try
                {
                    await using var connection = await context.OpenImapPatientlyAsync(users[group.Key], token);
                    foreach (var key in group)
                    {
                        foreach (var failure in await VerifyFolderAsync(context, connection, key, token))
                        {
                            failures.Enqueue(failure);
                        }
                    }

                    await connection.LogoutAsync(token);
                }
                catch (Exception exception) when (LoadContext.IsServerFailure(exception))
                {
                    failures.Enqueue($"{group.Key}: verification could not read the mailbox: {exception.Message}");
                }
            });
        return [.. failures];
    }

    public static async Task<long> CountAsync(ImapConnection connection, string folder, CancellationToken cancellationToken)
    {
        var response = (await connection.CommandAsync($"STATUS {ImapConnection.Quote(folder)} (MESSAGES)", cancellationToken)).EnsureOk("STATUS");
        foreach (var line in response.Untagged)
        {
            var at = line.Text.IndexOf("(MESSAGES ", StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                var digits = line.Text.AsSpan(at + "(MESSAGES ".Length).TrimEnd(')');
                return long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new LoadException($"STATUS {folder} gave no MESSAGES count");
    }

    private static async Task<List<string>> VerifyFolderAsync(LoadContext context, ImapConnection connection, MailboxKey key, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var where = $"{key.User}/{key.Folder}";
        var examine = (await connection.CommandAsync($"EXAMINE {ImapConnection.Quote(key.Folder)}", cancellationToken)).EnsureOk("EXAMINE");
        _ = examine;
        var exists = connection.Exists;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        long fetched = 0;
        if (exists > 0)
        {
            var response = (await connection.CommandAsync("FETCH 1:* (BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])", cancellationToken)).EnsureOk("FETCH");
            foreach (var line in response.Untagged)
            {
                if (!line.Text.Contains(" FETCH ", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                fetched++;
                var id = line.Literals.Count > 0 ? MessageId(line.Literals[0]) : string.Empty;
                if (id.Length > 0)
                {
                    seen[id] = seen.GetValueOrDefault(id) + 1;
                }
            }
        }

        if (fetched != exists)
        {
            failures.Add($"{where}: EXISTS {exists} but FETCH 1:* returned {fetched} messages");
        }

        var expected = context.Ledger.Messages(key);
        var baseline = context.Ledger.Baseline(key);
        if (baseline is null)
        {
            failures.Add($"{where}: no count was taken before the run");
            return failures;
        }

        var present = expected.Count(static pair => pair.Value == Presence.Present);
        var uncertain = expected.Count(static pair => pair.Value == Presence.Uncertain);
        var minimum = baseline.Value + present;
        if (exists < minimum || exists > minimum + uncertain)
        {
            failures.Add(uncertain == 0
                ? $"{where}: {exists} messages, expected {minimum} ({baseline} before the run + {present} written)"
                : $"{where}: {exists} messages, expected {minimum}..{minimum + uncertain} ({uncertain} writes failed and may or may not have landed)");
        }

        foreach (var (id, presence) in expected)
        {
            var copies = seen.GetValueOrDefault(id);
            var wrong = presence switch
            {
                Presence.Present => copies != 1,
                Presence.Absent => copies != 0,
                _ => copies > 1,
            };
            if (wrong)
            {
                failures.Add($"{where}: <{id}> found {copies} times, expected {(presence == Presence.Absent ? "0" : presence == Presence.Present ? "1" : "at most 1")}");
            }
        }

        foreach (var (id, copies) in seen)
        {
            if (copies > 1 && !expected.ContainsKey(id))
            {
                failures.Add($"{where}: <{id}> is stored {copies} times");
            }
            else if (id.StartsWith(context.RunId, StringComparison.Ordinal) && !expected.ContainsKey(id))
            {
                failures.Add($"{where}: <{id}> was never written here by this run");
            }
        }

        return failures;
    }

    public static string MessageId(byte[] header)
    {
        var text = Encoding.ASCII.GetString(header);
        var at = text.IndexOf("Message-ID:", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return string.Empty;
        }

        var value = new StringBuilder();
        foreach (var line in text[(at + "Message-ID:".Length)..].Split("\r\n"))
        {
            if (value.Length > 0 && (line.Length == 0 || !char.IsWhiteSpace(line[0])))
            {
                break;
            }

            value.Append(line.Trim());
            if (value.Length == 0)
            {
                break;
            }
        }

        return value.ToString().Trim('<', '>', ' ');
    }
}
