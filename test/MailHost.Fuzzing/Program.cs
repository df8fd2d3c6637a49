using SharpFuzz;

namespace MailHost.Fuzzing;

/// <summary>
/// Entry point: <c>MailHost.Fuzzing TARGET</c> runs under afl-fuzz; <c>MailHost.Fuzzing TARGET FILE...</c> replays inputs once
/// in a plain, uninstrumented build (to reproduce a crash without AFL). Parsers report protocol errors as return values, so any exception escaping a target is a bug.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !TryGetTarget(args[0], out var target))
        {
            Console.Error.WriteLine("usage: MailHost.Fuzzing imap-command|smtp-command|smtp-data [input-file...]");
            return 2;
        }

        if (args.Length > 1)
        {
            foreach (var path in args.AsSpan(1))
            {
                target(File.ReadAllBytes(path));
            }

            return 0;
        }

        Fuzzer.OutOfProcess.Run(stream => target(ReadAll(stream)));
        return 0;
    }

    private static bool TryGetTarget(string name, out Action<byte[]> target)
    {
        target = name switch
        {
            "imap-command" => ImapCommandTarget.Run,
            "smtp-command" => SmtpCommandTarget.Run,
            "smtp-data" => SmtpDataTarget.Run,
            _ => null!,
        };
        return target is not null;
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
