using MailHost.Imap.Messages;
using MailHost.Store;

namespace MailHost.Imap.Session;

/// <summary>
/// State shared by the two passes over a SEARCH program: validation collects the strings and body/text keys in order; evaluation
/// walks the same bytes per message, taking strings and precomputed body/text results by position (no short-circuit, so positions match).
/// </summary>
internal sealed class SearchContext
{
    public bool Validating { get; set; } = true;

    public bool NeedsParsedMessage { get; set; }

    /// <summary>RFC 9051's search-key has no NEW, OLD or RECENT (\Recent is gone in IMAP4rev2): they are a syntax error there.</summary>
    public bool Imap4rev2 { get; set; }

    public List<string> Strings { get; } = [];

    public List<(string Value, bool IncludeHeaders)> TextKeys { get; } = [];

    public List<bool> TextResults { get; } = [];

    public int StringIndex { get; set; }

    public int TextIndex { get; set; }

    public SelectedMailbox? Mailbox { get; set; }

    public MessageInfo? Message { get; set; }

    public ImapMessage? Parsed { get; set; }

    public int Sequence { get; set; }

    public DateTimeOffset Now { get; set; }

    public void Reset()
    {
        Validating = true;
        NeedsParsedMessage = false;
        Strings.Clear();
        TextKeys.Clear();
        TextResults.Clear();
        StringIndex = 0;
        TextIndex = 0;
        Message = null;
        Parsed = null;
    }

    public void StartMessage(MessageInfo message, int sequence, ImapMessage? parsed)
    {
        Validating = false;
        Message = message;
        Sequence = sequence;
        Parsed = parsed;
        StringIndex = 0;
        TextIndex = 0;
    }
}
