using MailHost.Store;

namespace MailHost.Imap.Tests.Fakes;

/// <summary>One in-memory mailbox shared by every session that opens it.</summary>
internal sealed class FakeFolder
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeFolder(string name, MailboxSpecialUse specialUse = MailboxSpecialUse.None)
    {
        Name = name;
        SpecialUse = specialUse;
    }

    public string Name { get; set; }

    public MailboxSpecialUse SpecialUse { get; }

    public bool Subscribed { get; set; } = true;

    public uint UidValidity { get; set; } = 1700000000;

    public uint UidNext { get; set; } = 1;

    public List<FakeMessage> Messages { get; } = [];

    public List<string> Keywords { get; } = [];

    private int _version;

    /// <summary>Read and bumped from several sessions' threads at once.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>How often a session opened one of this folder's message files.</summary>
    public int Opens { get; set; }

    /// <summary>Completes at the next <see cref="NotifyChanged"/> after this read.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    public FakeMessage Add(string content, MessageFlags flags = MessageFlags.None, DateTimeOffset? internalDate = null, IReadOnlyList<string>? keywords = null)
    {
        var message = new FakeMessage(UidNext++, flags, keywords ?? [], System.Text.Encoding.UTF8.GetBytes(content),
            internalDate ?? new DateTimeOffset(2024, 3, 5, 10, 20, 30, TimeSpan.FromHours(1)));
        Messages.Add(message);
        NotifyChanged();
        return message;
    }

    public void NotifyChanged()
    {
        Interlocked.Increment(ref _version);
        var previous = Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }
}
