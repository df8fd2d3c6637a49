using System.Globalization;
using System.Text;

namespace MailHost.Load;

/// <summary>
/// The mailbox part of an IMAP session, measured per operation: select INBOX, append a message, fetch the headers
/// of the last ten, fetch the new message's body, store flags on it, and expunge it again. Appending and expunging
/// the same message keeps INBOX the same size from loop to loop, and the ledger checks that it really is gone.
/// </summary>
internal static class MailboxWork
{
    public static async Task RunAsync(LoadContext context, ImapConnection connection, UserAccount user, CancellationToken cancellationToken)
    {
        var key = new MailboxKey(user.Address, "INBOX");
        await context.TimeAsync("select", async () =>
            (await connection.CommandAsync("SELECT INBOX", cancellationToken)).EnsureOk("SELECT"));

        var id = context.NextMessageId();
        var message = context.CreateMessage(user.Address, user.Address, null, id);
        context.Ledger.Mark(key, id, Presence.Uncertain);
        var appended = await context.TimeAsync("append", async () =>
            (await connection.AppendAsync("INBOX", string.Empty, message, cancellationToken)).EnsureOk("APPEND"));

        var uid = await FindUidAsync(context, connection, appended, id, cancellationToken);
        context.Ledger.Mark(key, id, Presence.Present);

        await context.TimeAsync("fetch-headers", async () =>
        {
            var last = connection.Exists;
            var first = Math.Max(1, last - 9);
            var response = (await connection.CommandAsync(
                string.Create(CultureInfo.InvariantCulture, $"FETCH {first}:{last} (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER])"),
                cancellationToken)).EnsureOk("FETCH headers");
            if (!response.Untagged.Any(static line => line.Literals.Count > 0))
            {
                throw new LoadException($"FETCH {first}:{last} returned no headers");
            }
        });

        await context.TimeAsync("fetch-body", async () =>
        {
            var response = (await connection.CommandAsync(
                string.Create(CultureInfo.InvariantCulture, $"UID FETCH {uid} (BODY.PEEK[])"), cancellationToken)).EnsureOk("FETCH body");
            var body = response.Untagged.SelectMany(static line => line.Literals).FirstOrDefault();
            if (body is null || body.Length != message.Length || !Encoding.ASCII.GetString(body).Contains(id, StringComparison.Ordinal))
            {
                throw new LoadException($"UID FETCH {uid} BODY[] did not return the appended message <{id}>");
            }
        });

        await context.TimeAsync("store", async () =>
            (await connection.CommandAsync(
                string.Create(CultureInfo.InvariantCulture, $"UID STORE {uid} +FLAGS (\\Seen \\Flagged \\Deleted)"), cancellationToken)).EnsureOk("STORE"));
        context.Ledger.Mark(key, id, Presence.Uncertain);

        // UID EXPUNGE removes only our message even when several workers share the mailbox.
        var expunge = connection.HasCapability("UIDPLUS")
            ? string.Create(CultureInfo.InvariantCulture, $"UID EXPUNGE {uid}")
            : "EXPUNGE";
        await context.TimeAsync("expunge", async () =>
            (await connection.CommandAsync(expunge, cancellationToken)).EnsureOk("EXPUNGE"));
        context.Ledger.Mark(key, id, Presence.Absent);
    }

    /// <summary>The UID from APPENDUID (RFC 4315), or by searching for the Message-ID when the server gave none.</summary>
    private static async Task<long> FindUidAsync(LoadContext context, ImapConnection connection, ImapResponse appended, string id, CancellationToken cancellationToken)
    {
        var code = appended.ResponseCode("APPENDUID");
        if (code is not null)
        {
            var parts = code.Split(' ');
            if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
            {
                return uid;
            }
        }

        return await context.TimeAsync("search", async () =>
        {
            var response = (await connection.CommandAsync($"UID SEARCH HEADER Message-ID {ImapConnection.Quote(id)}", cancellationToken)).EnsureOk("SEARCH");
            var line = response.Untagged.FirstOrDefault(static line => line.Text.StartsWith("* SEARCH ", StringComparison.OrdinalIgnoreCase))
                ?? throw new LoadException($"UID SEARCH found no message <{id}>");
            return long.Parse(line.Text.AsSpan("* SEARCH ".Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        });
    }
}
