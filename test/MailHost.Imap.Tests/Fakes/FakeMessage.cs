using MailHost.Store;

namespace MailHost.Imap.Tests.Fakes;

internal sealed record FakeMessage(uint Uid, MessageFlags Flags, IReadOnlyList<string> Keywords, byte[] Content, DateTimeOffset InternalDate)
{
    /// <summary>The size reported like the real store's (Maildir W=): every bare LF counts as CRLF.</summary>
    public MessageInfo ToInfo() => new(Uid, Flags, Keywords, Content.Length + BareLineFeeds(Content), InternalDate, 1);

    private static int BareLineFeeds(byte[] content)
    {
        var count = 0;
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == (byte)'\n' && (i == 0 || content[i - 1] != (byte)'\r'))
            {
                count++;
            }
        }

        return count;
    }
}
