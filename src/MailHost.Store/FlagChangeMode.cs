namespace MailHost.Store;

public enum FlagChangeMode
{
    Replace,
    Add,
    Remove,
}
