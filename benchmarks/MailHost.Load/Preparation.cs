namespace MailHost.Load;

/// <summary>Unmeasured set-up shared by the profiles.</summary>
internal static class Preparation
{
    /// <summary>
    /// For each user: creates the extra folders, tops INBOX up to <paramref name="seed"/> messages, and records the
    /// count of every folder the run will touch as the verification baseline.
    /// </summary>
    public static async Task PrepareUsersAsync(
        LoadContext context, IEnumerable<UserAccount> users, int seed, IReadOnlyList<string> extraFolders, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(
            users,
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (user, token) =>
            {
                await using var connection = await context.OpenImapPatientlyAsync(user, token);
                foreach (var folder in extraFolders)
                {
                    // NO [ALREADYEXISTS] on every run after the first is expected; a real failure shows in APPEND later.
                    await connection.CommandAsync($"CREATE {ImapConnection.Quote(folder)}", token);
                }

                var inbox = await Verifier.CountAsync(connection, "INBOX", token);
                for (var i = inbox; i < seed; i++)
                {
                    var id = $"seed.{context.RunId}.{i}@load.test";
                    var message = context.CreateMessage(user.Address, user.Address, null, id);
                    (await connection.AppendAsync("INBOX", string.Empty, message, token)).EnsureOk("APPEND (seed)");
                }

                foreach (var folder in extraFolders.Prepend("INBOX"))
                {
                    context.Ledger.SetBaseline(new MailboxKey(user.Address, folder), await Verifier.CountAsync(connection, folder, token));
                }

                await connection.LogoutAsync(token);
            });
    }
}
