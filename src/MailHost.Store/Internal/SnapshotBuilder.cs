namespace MailHost.Store.Internal;

/// <summary>
/// Collects a session's snapshot in order and copies nothing while it matches <paramref name="view"/> entry by entry: the usual
/// outcome of a refresh is "the snapshot is the shared view", at no cost per message.
/// </summary>
internal sealed class SnapshotBuilder(FolderView view)
{
    private List<MessageInfo>? items;
    private int aligned;

    public void Add(MessageInfo message)
    {
        if (items is null)
        {
            if (aligned < view.Count && ReferenceEquals(view[aligned], message))
            {
                aligned++;
                return;
            }

            items = new List<MessageInfo>(Math.Max(view.Count, aligned + 1));
            for (var i = 0; i < aligned; i++)
            {
                items.Add(view[i]);
            }
        }

        items.Add(message);
    }

    /// <summary>The session's own snapshot, or null when it is exactly the view.</summary>
    public MessageInfo[]? Build()
    {
        if (items is not null)
        {
            return [.. items];
        }

        if (aligned == view.Count)
        {
            return null;
        }

        var prefix = new MessageInfo[aligned];
        for (var i = 0; i < aligned; i++)
        {
            prefix[i] = view[i];
        }

        return prefix;
    }
}
