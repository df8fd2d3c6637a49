using System.Collections.Concurrent;
using MailHost.Store.Locking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHost.Store.Internal;

/// <summary>Everything the store's parts share: paths, separator, time, locks, metrics, logging and per-folder state.</summary>
internal sealed class StoreContext
{
    public const string MarkerFileName = "mailhost-store";

    private readonly ConcurrentDictionary<string, FolderShared> folders = new(StringComparer.Ordinal);

    public StoreContext(IOptions<StoreOptions> options, TimeProvider timeProvider, FolderLocker locker, StoreInstrumentation instrumentation, ILogger<StoreContext> logger)
    {
        Options = options.Value;
        TimeProvider = timeProvider;
        Locker = locker;
        Instrumentation = instrumentation;
        Logger = logger;
        MailRoot = Path.GetFullPath(Path.Combine(Options.DataPath, "mail"));
        Separator = InitialiseRoot();
        StoreLog.StoreOpened(logger, MailRoot, Separator);
    }

    public StoreOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public FolderLocker Locker { get; }

    public StoreInstrumentation Instrumentation { get; }

    public ILogger Logger { get; }

    public string MailRoot { get; }

    /// <summary>The Maildir info separator of this store, fixed when it was created.</summary>
    public char Separator { get; }

    /// <summary>The folder's shared state; every use marks the folder active (see <see cref="IdleFolderTrimmer"/>).</summary>
    public FolderShared SharedFor(string folderPath)
    {
        var shared = folders.GetOrAdd(folderPath, static _ => new FolderShared());
        shared.MarkUsed(TimeProvider.GetUtcNow().UtcTicks);
        return shared;
    }

    /// <summary>Every folder this process has touched (the trimmer drops their caches, never the entries).</summary>
    public ICollection<FolderShared> Folders => folders.Values;

    private char InitialiseRoot()
    {
        Directory.CreateDirectory(MailRoot);
        var marker = Path.Combine(MailRoot, MarkerFileName);
        var content = DurableIo.ReadAllTextOrNull(marker);
        if (content is not null)
        {
            foreach (var line in content.Split('\n'))
            {
                if (line.StartsWith("separator=", StringComparison.Ordinal) && line.Length > "separator=".Length)
                {
                    var recorded = line["separator=".Length];
                    if (Options.InfoSeparator != "auto" && Options.InfoSeparator[0] != recorded)
                    {
                        StoreLog.SeparatorMismatch(Logger, MailRoot, recorded, Options.InfoSeparator);
                    }

                    return recorded;
                }
            }
        }

        var separator = Options.InfoSeparator switch
        {
            ":" => ':',
            ";" => ';',
            _ => OperatingSystem.IsWindows() ? ';' : ':',
        };
        DurableIo.ReplaceFile(marker, Path.Combine(MailRoot, ".tmp"), $"mailhost-store 1\nseparator={separator}\n");
        return separator;
    }
}
