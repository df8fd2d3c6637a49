using MailHost.Accounts.Hashing;

namespace MailHost.Accounts.Users;

internal sealed record UserRecord(MailUser User, string Password, PasswordScheme Scheme);
