namespace MailHost.Imap.Protocol;

/// <summary>One element of a sequence set; <see cref="uint.MaxValue"/> stands for <c>*</c>. <see cref="IsSaved"/> is SEARCHRES's <c>$</c>.</summary>
internal readonly record struct SequenceRange(uint First, uint Last, bool IsSaved)
{
    public const uint Star = uint.MaxValue;
}
