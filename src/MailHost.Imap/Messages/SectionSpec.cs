namespace MailHost.Imap.Messages;

/// <summary>A parsed section: <c>BODY[1.2.HEADER.FIELDS (FROM TO)]</c> is Part [1, 2], Kind HeaderFields, FieldNames [FROM, TO].</summary>
public sealed record SectionSpec(IReadOnlyList<int> Part, SectionKind Kind, IReadOnlyList<string> FieldNames);
