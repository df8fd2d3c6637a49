namespace MailHost.Accounts;

public readonly record struct SaslStep(SaslStepKind Kind, ReadOnlyMemory<byte> Challenge, string? UserName, string? Password);
