using System.ComponentModel.DataAnnotations;

namespace MailHost.Imap.Messages;

/// <summary>Bounds of the parsed-message cache shared by all IMAP sessions of the process.</summary>
internal sealed class ImapMessageCacheOptions
{
    /// <summary>Approximate bytes of ENVELOPE/BODYSTRUCTURE/header data kept (not message bodies, which are never cached).</summary>
    [Range(0, long.MaxValue)]
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Most messages kept, whatever their size.</summary>
    [Range(0, int.MaxValue)]
    public int MaxEntries { get; set; } = 50_000;
}
