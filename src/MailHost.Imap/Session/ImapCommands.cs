using System.Text;

namespace MailHost.Imap.Session;

/// <summary>Command names matched as UTF-8 spans, and the states each command is valid in (RFC 9051 §6).</summary>
internal static class ImapCommands
{
    public static ImapCommand Match(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when Is(name, "ID"u8) => ImapCommand.Id,
        4 when Is(name, "NOOP"u8) => ImapCommand.Noop,
        4 when Is(name, "LIST"u8) => ImapCommand.List,
        4 when Is(name, "LSUB"u8) => ImapCommand.Lsub,
        4 when Is(name, "IDLE"u8) => ImapCommand.Idle,
        4 when Is(name, "MOVE"u8) => ImapCommand.Move,
        4 when Is(name, "COPY"u8) => ImapCommand.Copy,
        5 when Is(name, "LOGIN"u8) => ImapCommand.Login,
        5 when Is(name, "CLOSE"u8) => ImapCommand.Close,
        5 when Is(name, "FETCH"u8) => ImapCommand.Fetch,
        5 when Is(name, "STORE"u8) => ImapCommand.Store,
        5 when Is(name, "CHECK"u8) => ImapCommand.Check,
        6 when Is(name, "LOGOUT"u8) => ImapCommand.Logout,
        6 when Is(name, "SELECT"u8) => ImapCommand.Select,
        6 when Is(name, "CREATE"u8) => ImapCommand.Create,
        6 when Is(name, "DELETE"u8) => ImapCommand.Delete,
        6 when Is(name, "RENAME"u8) => ImapCommand.Rename,
        6 when Is(name, "STATUS"u8) => ImapCommand.Status,
        6 when Is(name, "APPEND"u8) => ImapCommand.Append,
        6 when Is(name, "SEARCH"u8) => ImapCommand.Search,
        6 when Is(name, "ENABLE"u8) => ImapCommand.Enable,
        7 when Is(name, "EXAMINE"u8) => ImapCommand.Examine,
        7 when Is(name, "EXPUNGE"u8) => ImapCommand.Expunge,
        8 when Is(name, "STARTTLS"u8) => ImapCommand.StartTls,
        8 when Is(name, "UNSELECT"u8) => ImapCommand.Unselect,
        9 when Is(name, "SUBSCRIBE"u8) => ImapCommand.Subscribe,
        9 when Is(name, "NAMESPACE"u8) => ImapCommand.Namespace,
        10 when Is(name, "CAPABILITY"u8) => ImapCommand.Capability,
        11 when Is(name, "UNSUBSCRIBE"u8) => ImapCommand.Unsubscribe,
        12 when Is(name, "AUTHENTICATE"u8) => ImapCommand.Authenticate,
        _ => ImapCommand.Unknown,
    };

    public static ImapCommand MatchUid(ReadOnlySpan<byte> name) => Match(name) switch
    {
        ImapCommand.Fetch => ImapCommand.UidFetch,
        ImapCommand.Store => ImapCommand.UidStore,
        ImapCommand.Copy => ImapCommand.UidCopy,
        ImapCommand.Move => ImapCommand.UidMove,
        ImapCommand.Search => ImapCommand.UidSearch,
        ImapCommand.Expunge => ImapCommand.UidExpunge,
        _ => ImapCommand.Unknown,
    };

    public static bool IsAllowed(ImapCommand command, SessionState state) => command switch
    {
        ImapCommand.Capability or ImapCommand.Noop or ImapCommand.Logout or ImapCommand.Id => true,
        ImapCommand.StartTls or ImapCommand.Authenticate or ImapCommand.Login => state == SessionState.NotAuthenticated,
        ImapCommand.Enable => state == SessionState.Authenticated,
        ImapCommand.Select or ImapCommand.Examine or ImapCommand.Create or ImapCommand.Delete or ImapCommand.Rename or ImapCommand.Subscribe or
            ImapCommand.Unsubscribe or ImapCommand.List or ImapCommand.Lsub or ImapCommand.Namespace or ImapCommand.Status or ImapCommand.Append or
            ImapCommand.Idle => state is SessionState.Authenticated or SessionState.Selected,
        ImapCommand.Unknown => false,
        _ => state == SessionState.Selected,
    };

    /// <summary>Commands during which RFC 9051 §7.5.1 forbids untagged EXPUNGE (sequence numbers must not shift under the client).</summary>
    public static bool AllowsExpungeReport(ImapCommand command) =>
        command is not (ImapCommand.Fetch or ImapCommand.Store or ImapCommand.Search);

    private static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> upper) => Ascii.EqualsIgnoreCase(name, upper);
}
