namespace MailHost.Store.Internal;

/// <summary>SMTP/LMTP delivery: one tmp/ write, a link (or copy) per recipient folder, then one lock try per folder.</summary>
internal sealed class MessageDelivery : IMessageDelivery
{
    private readonly StoreContext context;
    private readonly MailStore store;

    public MessageDelivery(StoreContext context, MailStore store)
    {
        this.context = context;
        this.store = store;
    }

    public ValueTask<IStagedDelivery> BeginAsync(IReadOnlyList<DeliveryTarget> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
        {
            throw new ArgumentException("A delivery needs at least one target.", nameof(targets));
        }

        var resolved = new List<ResolvedTarget>(targets.Count);
        foreach (var target in targets)
        {
            resolved.Add(Resolve(target));
        }

        StagedMessage? staging = null;
        Exception? stagingFailure = null;
        foreach (var target in resolved)
        {
            if (target.Folder is null)
            {
                continue;
            }

            try
            {
                staging = StagedMessage.Create(target.Folder, context.TimeProvider);
                break;
            }
            catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
            {
                stagingFailure = exception;
            }
        }

        return ValueTask.FromResult<IStagedDelivery>(new StagedDelivery(context, resolved, staging, stagingFailure));
    }

    private ResolvedTarget Resolve(DeliveryTarget target)
    {
        try
        {
            var account = store.GetAccount(target.Domain, target.LocalPart);
            if (target.Folder is { } name)
            {
                var (_, folder) = account.ResolveExistingFolder(name);
                if (folder is not null)
                {
                    return new ResolvedTarget(target, folder, StoreStatus.Ok, null);
                }
            }

            // A missing or invalid folder never loses mail: it goes to INBOX, as Dovecot's LDA does.
            return new ResolvedTarget(target, account.Inbox, StoreStatus.Ok, null);
        }
        catch (ArgumentException exception)
        {
            return new ResolvedTarget(target, null, StoreStatus.Failed, exception);
        }
        catch (Exception exception) when (StoreErrors.IsStorageFailure(exception))
        {
            return new ResolvedTarget(target, null, StoreErrors.Classify(exception), exception);
        }
    }
}
