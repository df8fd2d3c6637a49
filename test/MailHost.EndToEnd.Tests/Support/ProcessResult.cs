namespace MailHost.EndToEnd.Tests.Support;

/// <summary>Exit code and captured output of a finished <c>mailhost</c> process.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error);
