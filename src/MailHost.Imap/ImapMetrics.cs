using System.Diagnostics.Metrics;

namespace MailHost.Imap;

/// <summary>The IMAP component's one meter.</summary>
internal sealed class ImapMetrics : IDisposable
{
    public const string MeterName = "MailHost.Imap";

    private readonly Meter _meter;
    private readonly Counter<long> _commands;
    private readonly Counter<long> _badCommands;
    private readonly UpDownCounter<long> _sessions;

    public ImapMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _commands = _meter.CreateCounter<long>("mailhost.imap.commands", description: "IMAP commands executed");
        _badCommands = _meter.CreateCounter<long>("mailhost.imap.bad_commands", description: "IMAP commands answered BAD");
        _sessions = _meter.CreateUpDownCounter<long>("mailhost.imap.sessions", description: "Open IMAP sessions");
    }

    public void CommandExecuted() => _commands.Add(1);

    public void BadCommand() => _badCommands.Add(1);

    public void SessionStarted() => _sessions.Add(1);

    public void SessionEnded() => _sessions.Add(-1);

    public void Dispose() => _meter.Dispose();
}
