namespace MailHost.Store.Internal;

/// <summary>Modification times (and sizes) of everything a scan reads; equal stamps mean an equal folder.</summary>
internal readonly record struct FolderStamp(long NewTicks, long CurTicks, long UidListLength, long UidListTicks, long ModSeqLength, long ModSeqTicks, long KeywordsTicks)
{
    public static FolderStamp Read(MaildirFolder folder)
    {
        folder.Shared.CountStampRead();
        var uidList = new FileInfo(folder.UidListPath);
        var modSeq = new FileInfo(folder.ModSeqPath);
        return new FolderStamp(
            Directory.GetLastWriteTimeUtc(folder.NewPath).Ticks,
            Directory.GetLastWriteTimeUtc(folder.CurPath).Ticks,
            uidList.Exists ? uidList.Length : -1,
            uidList.Exists ? uidList.LastWriteTimeUtc.Ticks : 0,
            modSeq.Exists ? modSeq.Length : -1,
            modSeq.Exists ? modSeq.LastWriteTimeUtc.Ticks : 0,
            File.GetLastWriteTimeUtc(folder.KeywordsPath).Ticks);
    }

    /// <summary>
    /// Whether every time in the stamp is old enough that a change in the same clock tick cannot hide behind it (file systems
    /// with coarse timestamps). File system times are wall-clock times, so this compares with the real clock on purpose.
    /// </summary>
    public bool IsSettled(DateTime utcNow)
    {
        var newest = Math.Max(Math.Max(NewTicks, CurTicks), Math.Max(Math.Max(UidListTicks, ModSeqTicks), KeywordsTicks));
        return utcNow.Ticks - newest > TimeSpan.TicksPerSecond * 2;
    }
}
