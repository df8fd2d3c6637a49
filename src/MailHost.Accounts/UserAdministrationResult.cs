namespace MailHost.Accounts;

public readonly record struct UserAdministrationResult(bool Succeeded, string? Error)
{
    public static UserAdministrationResult Success => new(true, null);

    public static UserAdministrationResult Failure(string error) => new(false, error);
}
