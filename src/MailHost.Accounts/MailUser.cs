namespace MailHost.Accounts;

/// <summary>An authenticated or resolved local user. <see cref="Address"/> is canonical (see <see cref="IAddressCanonicalizer"/>).</summary>
public sealed record MailUser(string LocalPart, string Domain)
{
    public string Address => LocalPart + "@" + Domain;

    public override string ToString() => Address;
}
