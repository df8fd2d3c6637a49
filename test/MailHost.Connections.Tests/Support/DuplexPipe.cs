using System.IO.Pipelines;

namespace MailHost.Connections.Tests.Support;

internal sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
