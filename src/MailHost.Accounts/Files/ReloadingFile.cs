using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace MailHost.Accounts.Files;

/// <summary>
/// A parsed text file that follows changes on disk: a <see cref="FileSystemWatcher"/> marks it stale, and every read also
/// compares time stamp and size, because watchers miss events on network and overlay file systems.
/// A missing file parses as empty.
/// </summary>
internal sealed class ReloadingFile<T> : IDisposable
    where T : class
{
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly string _path;
    private readonly Func<IReadOnlyList<string>, T> _parse;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly FileSystemWatcher? _watcher;
    private LoadedFile<T>? _loaded;
    private int _stale = 1;

    public ReloadingFile(string path, Func<IReadOnlyList<string>, T> parse, ILogger logger, bool watch = true)
    {
        _path = path;
        _parse = parse;
        _logger = logger;
        if (watch)
        {
            _watcher = TryWatch();
        }
    }

    public string Path => _path;

    /// <summary>Bumped on every reload, so caches derived from the contents know when to drop.</summary>
    public long Generation => Refresh().Generation;

    public T Current => Refresh().Value;

    public (T Value, long Generation) Snapshot
    {
        get
        {
            var loaded = Refresh();
            return (loaded.Value, loaded.Generation);
        }
    }

    /// <summary>Called after writing the file ourselves, so the next read reloads even within one time-stamp tick.</summary>
    public void Invalidate() => Volatile.Write(ref _stale, 1);

    public void Dispose() => _watcher?.Dispose();

    private LoadedFile<T> Refresh()
    {
        var loaded = Volatile.Read(ref _loaded);
        var stamp = FileStamp.Read(_path);
        if (IsUpToDate(loaded, stamp))
        {
            return loaded;
        }

        lock (_gate)
        {
            loaded = _loaded;
            stamp = FileStamp.Read(_path);
            if (IsUpToDate(loaded, stamp))
            {
                return loaded;
            }

            // Cleared before reading, so a change during the read marks it stale again.
            Volatile.Write(ref _stale, 0);
            var now = DateTime.UtcNow;
            byte[] bytes;
            try
            {
                bytes = stamp.Exists ? File.ReadAllBytes(_path) : [];
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _logger.FileReadFailed(_path, exception);
                Volatile.Write(ref _stale, 1);
                if (loaded is not null)
                {
                    return loaded;
                }

                bytes = [];
            }

            var hash = SHA256.HashData(bytes);
            var next = loaded is not null && hash.AsSpan().SequenceEqual(loaded.ContentHash)
                ? loaded with { Stamp = stamp, LoadedAtUtc = now }
                : new LoadedFile<T>(_parse(SplitLines(bytes)), stamp, (loaded?.Generation ?? 0) + 1, hash, now);
            Volatile.Write(ref _loaded, next);
            return next;
        }
    }

    /// <summary>
    /// Time stamps are coarse (a few milliseconds on many file systems, seconds on some), so two same-size writes within one
    /// tick look identical. As git does for its index, a file written shortly before we read it is re-checked by content.
    /// </summary>
    private bool IsUpToDate([NotNullWhen(true)] LoadedFile<T>? loaded, FileStamp stamp) =>
        loaded is not null
        && Volatile.Read(ref _stale) == 0
        && loaded.Stamp == stamp
        && (!stamp.Exists || stamp.LastWriteUtc < loaded.LoadedAtUtc - RacyWindow);

    private static List<string> SplitLines(byte[] bytes)
    {
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var lines = new List<string>();
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan(range);
            lines.Add((line.EndsWith('\r') ? line[..^1] : line).ToString());
        }

        // A final line break ends the last line rather than starting an empty one.
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private FileSystemWatcher? TryWatch()
    {
        var directory = System.IO.Path.GetDirectoryName(_path);
        if (directory is null || !Directory.Exists(directory))
        {
            return null;
        }

        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(directory, System.IO.Path.GetFileName(_path))
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            watcher.Deleted += OnChanged;
            watcher.Renamed += OnChanged;
            watcher.Error += OnError;
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // e.g. the inotify instance limit: the time-stamp check still catches changes.
            _logger.WatchFailed(_path, exception);
            watcher?.Dispose();
            return null;
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => Invalidate();

    private void OnError(object sender, ErrorEventArgs e)
    {
        _logger.WatcherError(_path, e.GetException());
        Invalidate();
    }
}
