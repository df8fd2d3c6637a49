using MailHost.Imap.Protocol;
using MailHost.Store;

namespace MailHost.Imap.Session;

/// <summary>
/// The selected mailbox's folder vanished underneath the session (another process renamed or deleted the Maildir++ directory).
/// Dovecot disconnects here; we keep the session: the loss is announced once with an untagged <c>NO [NONEXISTENT]</c>, every
/// command that needs the selection answers a tagged <c>NO [NONEXISTENT]</c>, CLOSE/UNSELECT leave the dead selection, and
/// SELECT of any mailbox (the new name included) works as usual.
/// </summary>
internal sealed partial class ImapSession
{
    private const string SelectionGoneText = "Selected mailbox was renamed or deleted by another process; SELECT it again";

    private bool _selectionGone;

    private static bool NeedsSelection(ImapCommand command) =>
        ImapCommands.IsAllowed(command, SessionState.Selected) && !ImapCommands.IsAllowed(command, SessionState.Authenticated);

    /// <summary>Before dispatch: answers a command that needs a selection that is gone. True when answered.</summary>
    private async ValueTask<bool> AnswerGoneSelectionAsync()
    {
        if (!_selectionGone || _selected is null || !NeedsSelection(_current))
        {
            return false;
        }

        if (_current is ImapCommand.Close or ImapCommand.Unselect)
        {
            // Nothing is left to expunge: just drop the view of the folder that is gone.
            await _selected.DisposeAsync();
            _selected = null;
            _selectionGone = false;
            _state = SessionState.Authenticated;
            WriteOk(_current == ImapCommand.Close ? "CLOSE completed" : "UNSELECT completed");
            return true;
        }

        WriteNo("NONEXISTENT", SelectionGoneText);
        return true;
    }

    /// <summary>
    /// A <see cref="DirectoryNotFoundException"/> escaped the store while a mailbox is selected: true (and the loss announced)
    /// when the selected mailbox no longer exists, false when it still does (then it is an internal error like any other).
    /// </summary>
    private async ValueTask<bool> IsSelectionGoneAsync(DirectoryNotFoundException exception)
    {
        if (_selected is null)
        {
            return false;
        }

        if (!_selectionGone)
        {
            var status = await _account!.GetStatusAsync(_selected.Name, _aborted);
            if (status.Status != StoreStatus.NonExistent)
            {
                return false;
            }

            _selectionGone = true;
            ImapLog.SelectedMailboxGone(_logger, _selected.Name, exception.Message);
            Output.Write("* NO [NONEXISTENT] "u8);
            Output.WriteAscii(SelectionGoneText);
            Output.WriteCrlf();
        }

        return true;
    }
}
