using MailHost.Connections;

namespace MailHost.Smtp.Tests.Support;

internal sealed class TestEndpointFeature(string name, MailProtocol protocol, EndpointSecurity security, bool requiresAuthentication) : IMailEndpointFeature
{
    public string EndpointName => name;

    public MailProtocol Protocol => protocol;

    public EndpointSecurity Security => security;

    public bool RequiresAuthentication => requiresAuthentication;
}
