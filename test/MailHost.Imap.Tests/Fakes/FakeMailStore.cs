using MailHost.Store;

namespace MailHost.Imap.Tests.Fakes;

internal sealed class FakeMailStore : IMailStore
{
    public Dictionary<string, FakeAccount> Accounts { get; } = [];

    /// <summary>Simulates the folder lock budget running out during APPEND.</summary>
    public bool LockBudgetExhausted { get; set; }

    public StoreStatus ExpungeStatus { get; set; } = StoreStatus.Ok;

    public int DiscardedStages { get; set; }

    public IMessageDelivery Delivery => throw new InvalidOperationException("Delivery is not part of the IMAP tests.");

    public FakeAccount Account(string domain, string localPart)
    {
        var key = localPart + "@" + domain;
        if (!Accounts.TryGetValue(key, out var account))
        {
            account = new FakeAccount(this, domain, localPart);
            Accounts[key] = account;
        }

        return account;
    }

    public ValueTask<IMailAccount> OpenAccountAsync(string domain, string localPart, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IMailAccount>(Account(domain, localPart));
}
