using MailHost.Accounts.Recipients;
using MailHost.Accounts.Users;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailHost.Accounts.Tests.Recipients;

internal sealed class ResolverFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public ResolverFixture(string[] aliases, Action<AccountsOptions>? configure = null)
    {
        File.WriteAllLines(_directory.File("users"),
        [
            "alice@example.test:{PLAIN}a",
            "bob@example.test:{PLAIN}b",
            "zoë@xn--exmple-cua.test:{PLAIN}z",
        ]);
        File.WriteAllLines(AliasesPath, aliases);
        var options = TestOptions.Accounts(configure);
        var canonicalizer = new AddressCanonicalizer(options.LocalPartCaseSensitive);
        var domains = new LocalDomains(["example.test", "exämple.test"], canonicalizer);
        Logger = new ListLogger();
        Users = new UsersFile(_directory.File("users"), canonicalizer, NullLogger.Instance, watch: false);
        Aliases = new AliasesFile(AliasesPath, canonicalizer, domains, Logger, watch: false);
        Resolver = new RecipientResolver(TestOptions.Wrap(options), canonicalizer, domains, Users, Aliases, NullLogger<RecipientResolver>.Instance);
    }

    public string AliasesPath => _directory.File("aliases");

    public ListLogger Logger { get; }

    public UsersFile Users { get; }

    public AliasesFile Aliases { get; }

    public RecipientResolver Resolver { get; }

    public static MailUser Alice { get; } = new("alice", "example.test");

    public static MailUser Bob { get; } = new("bob", "example.test");

    public static MailUser Zoe { get; } = new("zoë", "exämple.test");

    public async Task<RecipientResolution> ResolveAsync(string address, Func<MailUser, string, bool>? folderExists = null) =>
        await Resolver.ResolveAsync(address, folderExists, CancellationToken.None);

    public void Dispose()
    {
        Users.Dispose();
        Aliases.Dispose();
        _directory.Dispose();
    }
}
