using MailHost.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailHost.Imap.Tests.Fakes;

/// <summary>The real Maildir store in a fresh temp directory, for IMAP tests that must reach the files (deleted on dispose).</summary>
internal sealed class MaildirStoreFixture : IAsyncDisposable
{
    private readonly string _data;
    private readonly ServiceProvider _services;

    public MaildirStoreFixture()
    {
        _data = Directory.CreateTempSubdirectory("mailhost-imap-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Data"] = _data }).Build();
        _services = new ServiceCollection().AddMailHostStore(configuration).BuildServiceProvider();
    }

    public IMailStore Store => _services.GetRequiredService<IMailStore>();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
