namespace MailHost.Accounts.Authentication;

/// <summary>A remembered successful login: the keyed MAC of the password, never the password.</summary>
internal sealed record CachedLogin(byte[] PasswordMac, DateTimeOffset Expires, long Generation);
