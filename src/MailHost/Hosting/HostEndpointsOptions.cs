namespace MailHost.Hosting;

/// <summary>The endpoints as the host reads them, with the configuration mistakes found while reading.</summary>
internal sealed class HostEndpointsOptions
{
    public IReadOnlyList<EffectiveEndpoint> Endpoints { get; set; } = [];

    public IReadOnlyList<string> Errors { get; set; } = [];
}
