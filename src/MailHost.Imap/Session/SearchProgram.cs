using System.Text;
using MailHost.Imap.Protocol;
using MailHost.Store;

namespace MailHost.Imap.Session;

/// <summary>
/// SEARCH keys of RFC 9051 §6.4.4 (plus WITHIN's OLDER/YOUNGER), read straight from the command bytes: once to validate, then
/// once per message to evaluate, so the program never becomes a heap tree. Nesting is bounded.
/// </summary>
internal static class SearchProgram
{
    public const int MaxDepth = 64;

    /// <summary>Reads <c>search-key *(SP search-key)</c> to the end of the line; all must hold.</summary>
    public static bool TryEvaluateAll(ref ImapReader reader, SearchContext context, out bool matches)
    {
        matches = true;
        do
        {
            if (!TryKey(ref reader, context, 0, out var one))
            {
                return false;
            }

            matches &= one;
        }
        while (reader.TryReadSpace());

        return reader.TryReadLineEnd() && reader.End;
    }

    private static bool TryKey(ref ImapReader reader, SearchContext context, int depth, out bool result)
    {
        result = false;
        if (depth > MaxDepth)
        {
            return false;
        }

        if (reader.TryConsume((byte)'('))
        {
            result = true;
            do
            {
                if (!TryKey(ref reader, context, depth + 1, out var one))
                {
                    return false;
                }

                result &= one;
            }
            while (reader.TryReadSpace());

            return reader.TryConsume((byte)')');
        }

        if (reader.TryPeek(out var b) && (b is >= (byte)'0' and <= (byte)'9' || b is (byte)'*' or (byte)'$'))
        {
            if (!reader.TryReadSequenceSet(out var set))
            {
                return false;
            }

            result = !context.Validating && context.Mailbox!.Contains(set, uid: false, context.Sequence, context.Message!.Uid);
            return true;
        }

        if (!reader.TryReadKeyword(out var key))
        {
            return false;
        }

        var message = context.Message;
        var flags = message?.Flags ?? MessageFlags.None;
        switch (key.Length)
        {
            case 2 when Is(key, "OR"u8):
                if (!reader.TryReadSpace() || !TryKey(ref reader, context, depth + 1, out var left) || !reader.TryReadSpace() ||
                    !TryKey(ref reader, context, depth + 1, out var right))
                {
                    return false;
                }

                result = left || right;
                return true;
            case 3 when Is(key, "NOT"u8):
                if (!reader.TryReadSpace() || !TryKey(ref reader, context, depth + 1, out var inner))
                {
                    return false;
                }

                result = !inner;
                return true;
            case 3 when Is(key, "ALL"u8):
                result = true;
                return true;
            case 3 when Is(key, "NEW"u8):
                result = (flags & (MessageFlags.Recent | MessageFlags.Seen)) == MessageFlags.Recent;
                return !context.Imap4rev2;
            case 3 when Is(key, "OLD"u8):
                result = (flags & MessageFlags.Recent) == 0;
                return !context.Imap4rev2;
            case 3 when Is(key, "UID"u8):
                if (!reader.TryReadSpace() || !reader.TryReadSequenceSet(out var uidSet))
                {
                    return false;
                }

                result = !context.Validating && context.Mailbox!.Contains(uidSet, uid: true, context.Sequence, message!.Uid);
                return true;
            case 4 when Is(key, "SEEN"u8):
                return Flag(flags, MessageFlags.Seen, true, out result);
            case 6 when Is(key, "UNSEEN"u8):
                return Flag(flags, MessageFlags.Seen, false, out result);
            case 8 when Is(key, "ANSWERED"u8):
                return Flag(flags, MessageFlags.Answered, true, out result);
            case 10 when Is(key, "UNANSWERED"u8):
                return Flag(flags, MessageFlags.Answered, false, out result);
            case 7 when Is(key, "DELETED"u8):
                return Flag(flags, MessageFlags.Deleted, true, out result);
            case 9 when Is(key, "UNDELETED"u8):
                return Flag(flags, MessageFlags.Deleted, false, out result);
            case 7 when Is(key, "FLAGGED"u8):
                return Flag(flags, MessageFlags.Flagged, true, out result);
            case 9 when Is(key, "UNFLAGGED"u8):
                return Flag(flags, MessageFlags.Flagged, false, out result);
            case 5 when Is(key, "DRAFT"u8):
                return Flag(flags, MessageFlags.Draft, true, out result);
            case 7 when Is(key, "UNDRAFT"u8):
                return Flag(flags, MessageFlags.Draft, false, out result);
            case 6 when Is(key, "RECENT"u8):
                return Flag(flags, MessageFlags.Recent, true, out result) && !context.Imap4rev2;
            case 7 when Is(key, "KEYWORD"u8):
            case 9 when Is(key, "UNKEYWORD"u8):
                if (!reader.TryReadSpace() || !reader.TryReadAtom(out var keyword))
                {
                    return false;
                }

                var has = false;
                if (message is not null)
                {
                    foreach (var candidate in message.Keywords)
                    {
                        if (candidate.Length == keyword.Length && Ascii.EqualsIgnoreCase(keyword, Encoding.ASCII.GetBytes(candidate)))
                        {
                            has = true;
                            break;
                        }
                    }
                }

                result = key.Length == 7 ? has : !has;
                return true;
            case 6 when Is(key, "LARGER"u8):
            case 7 when Is(key, "SMALLER"u8):
                if (!reader.TryReadSpace() || !reader.TryReadNumber64(out var size))
                {
                    return false;
                }

                result = message is not null && (key.Length == 6 ? message.Size > size : message.Size < size);
                return true;
            case 5 when Is(key, "OLDER"u8):
            case 7 when Is(key, "YOUNGER"u8):
                if (!reader.TryReadSpace() || !reader.TryReadNumber(out var seconds) || seconds == 0)
                {
                    return false;
                }

                if (message is not null)
                {
                    var age = context.Now - message.InternalDate;
                    result = key.Length == 5 ? age.TotalSeconds > seconds : age.TotalSeconds <= seconds;
                }

                return true;
            case 6 when Is(key, "BEFORE"u8):
            case 2 when Is(key, "ON"u8):
            case 5 when Is(key, "SINCE"u8):
                if (!reader.TryReadSpace() || !reader.TryReadDate(out var date))
                {
                    return false;
                }

                if (message is not null)
                {
                    result = Compare(DateOnly.FromDateTime(message.InternalDate.DateTime), date, key.Length);
                }

                return true;
            case 10 when Is(key, "SENTBEFORE"u8):
            case 6 when Is(key, "SENTON"u8):
            case 9 when Is(key, "SENTSINCE"u8):
                if (!reader.TryReadSpace() || !reader.TryReadDate(out var sentDate))
                {
                    return false;
                }

                context.NeedsParsedMessage = true;
                if (context.Parsed?.SentDate is { } sent)
                {
                    result = Compare(DateOnly.FromDateTime(sent.DateTime), sentDate, key.Length - 4);
                }

                return true;
            case 4 when Is(key, "FROM"u8):
                return HeaderKey(ref reader, context, "From", out result);
            case 2 when Is(key, "TO"u8):
                return HeaderKey(ref reader, context, "To", out result);
            case 2 when Is(key, "CC"u8):
                return HeaderKey(ref reader, context, "Cc", out result);
            case 3 when Is(key, "BCC"u8):
                return HeaderKey(ref reader, context, "Bcc", out result);
            case 7 when Is(key, "SUBJECT"u8):
                return HeaderKey(ref reader, context, "Subject", out result);
            case 6 when Is(key, "HEADER"u8):
                if (!reader.TryReadSpace() || !reader.TryReadAString(out var field) || !field.IsCleanUtf8)
                {
                    return false;
                }

                string? fieldName = null;
                if (context.Validating)
                {
                    fieldName = field.Decode();
                    context.Strings.Add(fieldName);
                }
                else
                {
                    fieldName = context.Strings[context.StringIndex++];
                }

                return HeaderKey(ref reader, context, fieldName, out result);
            case 4 when Is(key, "BODY"u8):
            case 4 when Is(key, "TEXT"u8):
                if (!reader.TryReadSpace() || !reader.TryReadAString(out var text) || !text.IsCleanUtf8)
                {
                    return false;
                }

                if (context.Validating)
                {
                    context.TextKeys.Add((text.Decode(), key[0] is (byte)'T' or (byte)'t'));
                }
                else
                {
                    result = context.TextResults[context.TextIndex++];
                }

                return true;
            default:
                return false;
        }
    }

    private static bool Compare(DateOnly value, DateOnly reference, int keyLength) => keyLength switch
    {
        6 => value < reference,
        2 => value == reference,
        _ => value >= reference,
    };

    private static bool HeaderKey(ref ImapReader reader, SearchContext context, string field, out bool result)
    {
        result = false;
        if (!reader.TryReadSpace() || !reader.TryReadAString(out var value) || !value.IsCleanUtf8)
        {
            return false;
        }

        if (context.Validating)
        {
            context.NeedsParsedMessage = true;
            context.Strings.Add(value.Decode());
            return true;
        }

        var needle = context.Strings[context.StringIndex++];
        result = context.Parsed?.HeaderContains(field, needle) ?? false;
        return true;
    }

    private static bool Flag(MessageFlags flags, MessageFlags flag, bool set, out bool result)
    {
        result = ((flags & flag) != 0) == set;
        return true;
    }

    private static bool Is(ReadOnlySpan<byte> key, ReadOnlySpan<byte> upper) => Ascii.EqualsIgnoreCase(key, upper);
}
