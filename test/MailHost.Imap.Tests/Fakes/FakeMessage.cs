using MailHost.Store;

namespace MailHost.Imap.Tests.Fakes;

internal sealed record FakeMessage(uint Uid, MessageFlags Flags, IReadOnlyList<string> Keywords, byte[] Content, DateTimeOffset InternalDate)
{
    public MessageInfo ToInfo() => new(Uid, Flags, Keywords, Content.Length, InternalDate, 1);
}
