using System.Collections.Concurrent;

namespace MailHost.Load;

/// <summary>
/// Every message the run wrote, per mailbox folder, and the folder's message count before the run; the
/// <see cref="Verifier"/> compares the server's final state against it so that speed never hides a lost or
/// duplicated message.
/// </summary>
internal sealed class Ledger
{
    private readonly ConcurrentDictionary<MailboxKey, long> baselines = new();
    private readonly ConcurrentDictionary<MailboxKey, ConcurrentDictionary<string, Presence>> messages = new();

    public IEnumerable<MailboxKey> Keys => baselines.Keys.Union(messages.Keys);

    public void SetBaseline(MailboxKey key, long count) => baselines[key] = count;

    public long? Baseline(MailboxKey key) => baselines.TryGetValue(key, out var count) ? count : null;

    /// <summary>Marks a message as written or removed; call with <see cref="Presence.Uncertain"/> before the attempt.</summary>
    public void Mark(MailboxKey key, string messageId, Presence presence) =>
        messages.GetOrAdd(key, static _ => new ConcurrentDictionary<string, Presence>(StringComparer.Ordinal))[messageId] = presence;

    public IReadOnlyDictionary<string, Presence> Messages(MailboxKey key) =>
        messages.TryGetValue(key, out var ids) ? ids : new Dictionary<string, Presence>();

    public int Written => messages.Values.Sum(static folder => folder.Count);
}
