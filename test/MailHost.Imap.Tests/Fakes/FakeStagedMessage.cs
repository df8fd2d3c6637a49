using MailHost.Store;

namespace MailHost.Imap.Tests.Fakes;

internal sealed class FakeStagedMessage : IStagedMessage
{
    private readonly MemoryStream _content = new();
    private readonly FakeMailStore _store;

    public FakeStagedMessage(FakeMailStore store)
    {
        _store = store;
    }

    public Stream Content => _content;

    public long Length => _content.Length;

    public bool Committed { get; set; }

    public byte[] ToArray() => _content.ToArray();

    public ValueTask DisposeAsync()
    {
        if (!Committed)
        {
            _store.DiscardedStages++;
        }

        return _content.DisposeAsync();
    }
}
