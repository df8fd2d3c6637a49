namespace MailHost.Load;

/// <summary>The tagged completion of a command and the untagged lines that came before it.</summary>
internal sealed record ImapResponse(string Status, string Text, IReadOnlyList<ImapLine> Untagged)
{
    public bool IsOk => Status.Equals("OK", StringComparison.OrdinalIgnoreCase);

    public ImapResponse EnsureOk(string command) =>
        IsOk ? this : throw new LoadException($"{command}: {Text}");

    /// <summary>The value after a response code such as <c>APPENDUID</c> in the tagged line, e.g. <c>[APPENDUID 17 42]</c> gives "17 42".</summary>
    public string? ResponseCode(string code)
    {
        var start = Text.IndexOf("[" + code + " ", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        start += code.Length + 2;
        var end = Text.IndexOf(']', start);
        return end < 0 ? null : Text[start..end];
    }
}
