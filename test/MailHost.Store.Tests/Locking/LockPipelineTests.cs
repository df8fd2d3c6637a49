using MailHost.Store.Locking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;

namespace MailHost.Store.Tests.Locking;

public sealed class LockPipelineTests
{
    [Test]
    public async Task Pipeline_is_timeout_around_exponential_jittered_retry_with_configured_budget()
    {
        await using var harness = StoreHarness.Create(settings: new Dictionary<string, string?> { ["Store:Locking:TimeoutMs"] = "5000" });
        var pipeline = harness.Services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<bool>(FolderLocker.PipelineKey);
        var descriptor = pipeline.GetPipelineDescriptor();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(descriptor.Strategies, Has.Count.EqualTo(2));
            Assert.That(descriptor.Strategies[0].Options, Is.TypeOf<TimeoutStrategyOptions>());
            Assert.That(((TimeoutStrategyOptions)descriptor.Strategies[0].Options!).Timeout, Is.EqualTo(TimeSpan.FromMilliseconds(5000)));
            var retry = (RetryStrategyOptions<bool>)descriptor.Strategies[1].Options!;
            Assert.That(retry.MaxRetryAttempts, Is.EqualTo(16));
            Assert.That(retry.BackoffType, Is.EqualTo(DelayBackoffType.Exponential));
            Assert.That(retry.UseJitter, Is.True);
            Assert.That(retry.Delay, Is.EqualTo(TimeSpan.FromMilliseconds(25)));
            Assert.That(retry.MaxDelay, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
        }
    }

    [Test]
    public async Task Configured_knobs_reach_the_pipeline()
    {
        await using var harness = StoreHarness.Create(settings: new Dictionary<string, string?>
        {
            ["Store:Locking:RetryAttempts"] = "3",
            ["Store:Locking:FirstRetryDelayMs"] = "10",
            ["Store:Locking:MaxRetryDelayMs"] = "40",
            ["Store:Locking:TimeoutMs"] = "900",
        });
        var descriptor = harness.Services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<bool>(FolderLocker.PipelineKey).GetPipelineDescriptor();
        var retry = (RetryStrategyOptions<bool>)descriptor.Strategies[1].Options!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(((TimeoutStrategyOptions)descriptor.Strategies[0].Options!).Timeout, Is.EqualTo(TimeSpan.FromMilliseconds(900)));
            Assert.That(retry.MaxRetryAttempts, Is.EqualTo(3));
            Assert.That(retry.Delay, Is.EqualTo(TimeSpan.FromMilliseconds(10)));
            Assert.That(retry.MaxDelay, Is.EqualTo(TimeSpan.FromMilliseconds(40)));
        }
    }

    [TestCase("Store:Locking:RetryAttempts", "-1")]
    [TestCase("Store:Locking:TimeoutMs", "0")]
    [TestCase("Store:Locking:MaxRetryDelayMs", "5")]
    [TestCase("Store:InfoSeparator", "!")]
    [TestCase("Store:PollIntervalMs", "0")]
    [TestCase("Store:IdleFolderTrimMinutes", "-1")]
    [TestCase("Store:IdleFolderTrimMinutes", "1441")]
    public async Task Invalid_settings_fail_validation_naming_the_key(string key, string value)
    {
        await using var harness = StoreHarness.Create(settings: new Dictionary<string, string?> { [key] = value });
        Assert.That(
            () => harness.Services.GetRequiredService<IOptions<StoreOptions>>().Value,
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains(key));
    }
}
