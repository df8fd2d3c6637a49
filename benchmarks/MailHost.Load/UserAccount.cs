namespace MailHost.Load;

/// <summary>A mailbox owner the load tool logs in as and delivers to.</summary>
internal sealed record UserAccount(string Address, string Password);
