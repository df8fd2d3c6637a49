using MailHost.Store;

namespace MailHost.Imap.Session;

/// <summary>
/// Which mailboxes a LIST or LSUB returns (RFC 9051 §6.3.9, RFC 5258 §3, RFC 3501 §6.3.9), in the store's order (INBOX first).
/// </summary>
internal static class MailboxListing
{
    public static List<ListedMailbox> Select(IReadOnlyList<MailboxInfo> mailboxes, IReadOnlyList<string> patterns, bool lsub, ListOptions options)
    {
        var recursive = !lsub && (options & ListOptions.RecursiveMatch) != 0;
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mailbox in mailboxes)
        {
            known.Add(mailbox.Name);
        }

        // Parents that match a pattern and have a descendant meeting the criteria that does not: RECURSIVEMATCH reports them with
        // CHILDINFO, LSUB as \Noselect. A descendant the pattern already returns makes the parent redundant (RFC 5258 §3.5).
        var parents = new HashSet<string>(StringComparer.Ordinal);
        if (recursive || lsub)
        {
            foreach (var mailbox in mailboxes)
            {
                if (!IsSelected(mailbox, lsub, options) || Matches(patterns, mailbox.Name))
                {
                    continue;
                }

                for (var slash = mailbox.Name.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = mailbox.Name.IndexOf('/', slash + 1))
                {
                    var parent = mailbox.Name[..slash];
                    if (Matches(patterns, parent))
                    {
                        parents.Add(parent);
                    }
                }
            }
        }

        var candidates = new List<MailboxInfo>(mailboxes.Count + parents.Count);
        candidates.AddRange(mailboxes);
        foreach (var parent in parents)
        {
            if (!known.Contains(parent))
            {
                // Neither a mailbox nor the parent of one: only its subscribed (non-existent) descendants name it.
                candidates.Add(new MailboxInfo(parent, MailboxSpecialUse.None, HasChildren: false, Subscribed: false, NoSelect: true) { NonExistent = true });
            }
        }

        if (candidates.Count > mailboxes.Count)
        {
            candidates.Sort(static (a, b) => (a.Name == "INBOX", b.Name == "INBOX") switch
            {
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(a.Name, b.Name),
            });
        }

        var result = new List<ListedMailbox>();
        foreach (var mailbox in candidates)
        {
            if (!Matches(patterns, mailbox.Name))
            {
                continue;
            }

            var selected = IsSelected(mailbox, lsub, options);
            var parent = parents.Contains(mailbox.Name);
            if (selected)
            {
                result.Add(new ListedMailbox(mailbox, Selected: true, ChildInfo: recursive && parent, NoselectForLsub: false));
            }
            else if (parent)
            {
                result.Add(new ListedMailbox(mailbox, Selected: false, ChildInfo: recursive, NoselectForLsub: lsub));
            }
        }

        return result;
    }

    private static bool IsSelected(MailboxInfo mailbox, bool lsub, ListOptions options)
    {
        if (lsub || (options & ListOptions.SelectSubscribed) != 0)
        {
            if (!mailbox.Subscribed)
            {
                return false;
            }
        }
        else if (mailbox.NonExistent)
        {
            // A name that is only subscribed is listed only when it meets the selection criteria (RFC 5258 §3, \NonExistent).
            return false;
        }

        return (options & ListOptions.SelectSpecialUse) == 0 || (mailbox.SpecialUse != MailboxSpecialUse.None && !mailbox.NoSelect);
    }

    private static bool Matches(IReadOnlyList<string> patterns, string name)
    {
        foreach (var pattern in patterns)
        {
            if (ListPattern.Matches(pattern, name))
            {
                return true;
            }
        }

        return false;
    }
}
