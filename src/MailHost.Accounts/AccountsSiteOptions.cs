namespace MailHost.Accounts;

/// <summary>The root keys this component reads: <c>Data</c> and <c>Domains</c>.</summary>
public sealed class AccountsSiteOptions
{
    /// <summary>State root, relative to the current directory when not absolute.</summary>
    public string Data { get; set; } = "./data";

    /// <summary>Local domains; empty after binding means the default, <c>localhost</c>.</summary>
    public List<string> Domains { get; } = [];

    internal string DataPath => Path.GetFullPath(Data);

    internal string UsersPath => Path.Combine(DataPath, "users");

    internal string AliasesPath => Path.Combine(DataPath, "aliases");
}
