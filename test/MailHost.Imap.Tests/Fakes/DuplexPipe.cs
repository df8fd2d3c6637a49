using System.IO.Pipelines;

namespace MailHost.Imap.Tests.Fakes;

internal sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
