namespace MailHost.Store;

/// <summary>Lookups over a mailbox snapshot, which is always in ascending UID order (<see cref="IMailboxSession.Messages"/>).</summary>
public static class MessageListExtensions
{
    /// <summary>
    /// Index (sequence number − 1) of the message with <paramref name="uid"/>; when there is none, the bitwise complement of the
    /// index where it would be (negative, as <see cref="List{T}.BinarySearch(T)"/>), so UID ranges can be clamped.
    /// </summary>
    public static int IndexOfUid(this IReadOnlyList<MessageInfo> messages, uint uid)
    {
        ArgumentNullException.ThrowIfNull(messages);
        int low = 0, high = messages.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var value = messages[mid].Uid;
            if (value == uid)
            {
                return mid;
            }

            if (value < uid)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }
}
