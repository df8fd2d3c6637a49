namespace MailHost.Store;

/// <summary>Store settings, bound from the configuration section <c>Store</c> (and the root key <c>Data</c>).</summary>
public sealed class StoreOptions
{
    public const string SectionName = "Store";

    /// <summary>Root data directory (root key <c>Data</c>); mail lives in <c>&lt;Data&gt;/mail</c>.</summary>
    public string DataPath { get; set; } = "./data";

    /// <summary><c>auto</c> (":" on Unix, ";" on Windows), ":" or ";". Only used when a store is created; afterwards the recorded one wins.</summary>
    public string InfoSeparator { get; set; } = "auto";

    /// <summary>How often an idle session polls directory mtimes for changes made by other processes.</summary>
    public int PollIntervalMs { get; set; } = 2000;

    /// <summary>Age after which a tmp/ file is considered abandoned and swept.</summary>
    public int TmpMaxAgeHours { get; set; } = 36;

    /// <summary>How often the tmp/ sweeper runs.</summary>
    public int TmpSweepIntervalMinutes { get; set; } = 60;

    /// <summary>
    /// Minutes after which a folder that no session has selected and nothing has touched drops its cached state (uidlist parse,
    /// scan, shared view, INTERNALDATEs, modseq index); it is read from disk again on next use. 0 keeps it for the process's life.
    /// </summary>
    public int IdleFolderTrimMinutes { get; set; } = 5;

    public StoreLockingOptions Locking { get; set; } = new();
}
