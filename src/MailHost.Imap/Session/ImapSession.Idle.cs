using MailHost.Imap.Protocol;

namespace MailHost.Imap.Session;

internal sealed partial class ImapSession
{
    /// <summary>IDLE (RFC 2177): report changes as the store signals them until the client sends DONE.</summary>
    private async ValueTask<bool> IdleAsync()
    {
        if (!ExpectEnd())
        {
            return true;
        }

        Output.Write("+ idling\r\n"u8);
        await ReportUpdatesAsync();
        if (!await FlushAsync())
        {
            return false;
        }

        _timeout?.SetTimeout(TimeSpan.FromSeconds(_options.IdleTimeoutSeconds));
        _command.Release();
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(_aborted);
        var lineTask = _input.ReadLineAsync(_command, _aborted).AsTask();
        var changeTask = _selected?.Session.WaitForChangeAsync(stopWaiting.Token);
        try
        {
            while (changeTask is not null)
            {
                var completed = await Task.WhenAny(lineTask, changeTask);
                if (completed == lineTask)
                {
                    break;
                }

                await changeTask;
                await ReportUpdatesAsync();
                if (!await FlushAsync())
                {
                    return false;
                }

                changeTask = _selected?.Session.WaitForChangeAsync(stopWaiting.Token);
            }
        }
        finally
        {
            await stopWaiting.CancelAsync();
            if (changeTask is not null)
            {
                await changeTask.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        var status = await lineTask;
        ArmTimeout();
        switch (status)
        {
            case ReadStatus.Canceled:
                await SayGoodbyeAsync();
                return false;
            case ReadStatus.Closed:
                return false;
            case ReadStatus.TooLong:
                WriteBad("Line too long");
                return true;
        }

        var line = _command.Span.TrimEnd("\r\n"u8);
        if (System.Text.Ascii.EqualsIgnoreCase(line, "DONE"u8))
        {
            await ReportUpdatesAsync();
            WriteOk("IDLE terminated");
        }
        else
        {
            WriteBad("Expected DONE");
        }

        return true;
    }
}
