using System.Text;
using MailHost.Accounts;
using MailHost.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHost.Smtp.Session;

/// <summary>Everything a session needs, resolved once per process rather than once per connection.</summary>
internal sealed class SmtpServices
{
    public SmtpServices(
        IOptions<SmtpOptions> options,
        ISaslMechanisms saslMechanisms,
        IAuthenticator authenticator,
        IRecipientResolver recipients,
        IMailStore store,
        TimeProvider timeProvider,
        SmtpMetrics metrics,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Options = options.Value;
        SaslMechanisms = saslMechanisms;
        Authenticator = authenticator;
        Recipients = recipients;
        Store = store;
        TimeProvider = timeProvider;
        Metrics = metrics;
        Logger = loggerFactory.CreateLogger("MailHost.Smtp");
        HostName = Encoding.UTF8.GetBytes(Options.HostName);
        AuthKeyword = Encoding.ASCII.GetBytes("AUTH " + string.Join(' ', saslMechanisms.Names));
        SizeKeyword = Encoding.ASCII.GetBytes("SIZE " + Options.MaxMessageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public SmtpOptions Options { get; }

    public ISaslMechanisms SaslMechanisms { get; }

    public IAuthenticator Authenticator { get; }

    public IRecipientResolver Recipients { get; }

    public IMailStore Store { get; }

    public TimeProvider TimeProvider { get; }

    public SmtpMetrics Metrics { get; }

    public ILogger Logger { get; }

    /// <summary>UTF-8 host name, encoded once for every greeting and Received: header.</summary>
    public ReadOnlyMemory<byte> HostName { get; }

    /// <summary>"AUTH PLAIN LOGIN" as advertised in EHLO.</summary>
    public ReadOnlyMemory<byte> AuthKeyword { get; }

    /// <summary>"SIZE n" as advertised in EHLO.</summary>
    public ReadOnlyMemory<byte> SizeKeyword { get; }
}
