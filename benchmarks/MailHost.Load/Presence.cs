namespace MailHost.Load;

/// <summary>What the run expects of a message it wrote: there once, gone, or unknown after an error.</summary>
internal enum Presence
{
    Uncertain,
    Present,
    Absent,
}
