using System.Text;

namespace MailHost.Imap.Messages;

/// <summary>
/// Case folding for SEARCH the way Dovecot's default comparator (i;unicode-casemap, RFC 5051) behaves: compatibility-decompose,
/// then compare case-insensitively. So "cafe" finds "café" (é decomposes to e + accent), while "resume" does not find "résumé"
/// (the accent sits between the letters). Upper case stands in for RFC 5051's title case.
/// </summary>
internal static class SearchFolding
{
    public static string Fold(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormKD).ToUpperInvariant();
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalised; such text is still searchable case-insensitively.
            return text.ToUpperInvariant();
        }
    }

    public static string Fold(ReadOnlySpan<char> text) => Fold(new string(text));
}
