namespace MailHost.Imap.Protocol;

internal static class ImapDates
{
    private static ReadOnlySpan<byte> MonthNames => "JanFebMarAprMayJunJulAugSepOctNovDec"u8;

    /// <summary>1–12 for a three-letter English month name (any case), else 0.</summary>
    public static int MonthFromName(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < 12; i++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(name, MonthNames.Slice(i * 3, 3)))
            {
                return i + 1;
            }
        }

        return 0;
    }

    public static ReadOnlySpan<byte> MonthName(int month) => MonthNames.Slice((month - 1) * 3, 3);
}
