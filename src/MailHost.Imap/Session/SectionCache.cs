using MailHost.Imap.Messages;

namespace MailHost.Imap.Session;

/// <summary>A session's recently parsed FETCH sections, keyed by their bytes between the brackets.</summary>
internal sealed class SectionCache
{
    private const int Capacity = 16;

    private readonly List<(byte[] Raw, SectionSpec Spec, string Text)> _entries = [];

    public bool TryGet(ReadOnlySpan<byte> raw, out SectionSpec spec, out string text)
    {
        foreach (var entry in _entries)
        {
            if (raw.SequenceEqual(entry.Raw))
            {
                spec = entry.Spec;
                text = entry.Text;
                return true;
            }
        }

        spec = null!;
        text = string.Empty;
        return false;
    }

    public void Add(ReadOnlySpan<byte> raw, SectionSpec spec, string text)
    {
        if (_entries.Count >= Capacity)
        {
            _entries.RemoveAt(0);
        }

        _entries.Add((raw.ToArray(), spec, text));
    }
}
