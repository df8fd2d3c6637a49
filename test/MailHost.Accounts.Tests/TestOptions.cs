using Microsoft.Extensions.Options;

namespace MailHost.Accounts.Tests;

internal static class TestOptions
{
    /// <summary>Far below the production minimum, to keep tests fast; the validator is not involved here.</summary>
    public const int FastIterations = 1000;

    public static AccountsOptions Accounts(Action<AccountsOptions>? configure = null)
    {
        var options = new AccountsOptions { Pbkdf2Iterations = FastIterations, MaxConcurrentVerifications = 4 };
        options.Throttle.BaseDelayMilliseconds = 0;
        options.Throttle.MaxDelayMilliseconds = 0;
        configure?.Invoke(options);
        return options;
    }

    public static IOptions<T> Wrap<T>(T value)
        where T : class => Options.Create(value);
}
