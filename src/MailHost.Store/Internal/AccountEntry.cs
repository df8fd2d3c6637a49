namespace MailHost.Store.Internal;

/// <summary>An account in <see cref="MailStore"/>'s map: created once (lazily, so concurrent first uses create it once) and when it was last opened.</summary>
internal sealed class AccountEntry(Lazy<MailAccount> account)
{
    private long lastUsedTicks;

    public Lazy<MailAccount> Account { get; } = account;

    public long LastUsedTicks => Volatile.Read(ref lastUsedTicks);

    public void MarkUsed(long utcTicks) => Volatile.Write(ref lastUsedTicks, utcTicks);
}
