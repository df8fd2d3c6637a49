namespace MailHost.Store;

public readonly record struct StoreResult(StoreStatus Status, string? Message = null)
{
    public static StoreResult Ok => new(StoreStatus.Ok);

    public bool IsOk => Status == StoreStatus.Ok;
}
