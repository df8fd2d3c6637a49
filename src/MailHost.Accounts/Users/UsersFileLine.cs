namespace MailHost.Accounts.Users;

/// <summary>One line of the users file, kept verbatim so rewriting preserves comments, odd lines and extra fields.</summary>
/// <param name="AddressText">The address as written (kept when only the password changes).</param>
/// <param name="Extra">Everything after the password field, including its leading colon, or empty.</param>
/// <param name="Problem">Why a non-comment line does not define a user.</param>
internal sealed record UsersFileLine(string Raw, int LineNumber, string? AddressText, MailUser? User, string? Password, string Extra, string? Problem)
{
    public string WithPassword(string password) => AddressText + ":" + password + Extra;
}
