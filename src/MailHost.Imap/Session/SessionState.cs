namespace MailHost.Imap.Session;

internal enum SessionState
{
    NotAuthenticated,
    Authenticated,
    Selected,
    Logout,
}
