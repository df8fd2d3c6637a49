namespace MailHost.Load;

/// <summary>One server response line with the literals it carried, in order (the text keeps the <c>{n}</c> markers).</summary>
internal sealed record ImapLine(string Text, IReadOnlyList<byte[]> Literals);
