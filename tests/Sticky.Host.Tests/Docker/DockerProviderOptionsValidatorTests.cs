// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sticky.Providers;

namespace Sticky.Host.Docker.Tests;

[TestFixture]
public sealed class DockerProviderOptionsValidatorTests
{
    [Test]
    public void Validate_Defaults_Success()
    {
        Assert.That(new DockerProviderOptionsValidator().Validate(null, new DockerProviderOptions()).Succeeded, Is.True);
    }

    [Test]
    public void Validate_BadValues_AllNamed()
    {
        var options = new DockerProviderOptions
        {
            Endpoint = "ftp://daemon",
            RefreshInterval = TimeSpan.Zero,
            EventDebounce = TimeSpan.FromSeconds(5),
        };

        var result = new DockerProviderOptionsValidator().Validate(null, options);

        Assert.That(result.Failures, Has.Exactly(3).Items);
        Assert.That(result.FailureMessage, Does.Contain("Endpoint").And.Contain("RefreshInterval").And.Contain("EventDebounce"));
    }

    [Test]
    public void AddDockerProvider_RegistersProviderAndHostedService()
    {
        var services = new ServiceCollection();
        services.AddLogging();

        services.AddDockerProvider(new DockerProviderOptions { Endpoint = "unix:///tmp/none.sock", SwarmMode = true });

        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetServices<IBackendProvider>().Single().Name, Is.EqualTo("docker"));
        Assert.That(provider.GetServices<IHostedService>().Single(), Is.InstanceOf<DockerWatcher>());
    }

    [Test]
    public void AddDockerProvider_InvalidOptions_Throws()
    {
        Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddDockerProvider(new DockerProviderOptions { Endpoint = "npipe:////./pipe/docker" }));
    }
}
