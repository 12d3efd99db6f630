// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Host.TestInfrastructure.Tests;

namespace Sticky.Host.Hosting.Tests;

[TestFixture]
[NonParallelizable]
public sealed class StickyHostConfigurationTests
{
    [Test]
    public async Task Build_SeedTraefikArguments_ReachConfiguration()
    {
        await using var app = StickyHost.Build(RunningHost.LoopbackArgs("--docker", "--docker.swarmmode", "--docker.watch", "--web", "--loglevel=DEBUG"));

        Assert.Multiple(() =>
        {
            Assert.That(app.Configuration["Sticky:Docker:Enabled"], Is.EqualTo("true"));
            Assert.That(app.Configuration["Sticky:Docker:SwarmMode"], Is.EqualTo("true"));
            Assert.That(app.Configuration["Sticky:Docker:Watch"], Is.EqualTo("true"));
            Assert.That(app.Configuration["Sticky:Host:Admin"], Is.EqualTo("true"));
            Assert.That(app.Configuration["Sticky:Host:LogLevel"], Is.EqualTo("DEBUG"));
        });
    }

    [Test]
    public async Task Build_DockerEndpointFlags_ReachConfiguration()
    {
        await using var app = StickyHost.Build(RunningHost.LoopbackArgs("--docker.endpoint", "tcp://127.0.0.1:2375", "--docker.exposedbydefault=false"));

        Assert.Multiple(() =>
        {
            Assert.That(app.Configuration["Sticky:Docker:Endpoint"], Is.EqualTo("tcp://127.0.0.1:2375"));
            Assert.That(app.Configuration["Sticky:Docker:ExposedByDefault"], Is.EqualTo("false"));
        });
    }

    [Test]
    public async Task Build_StandardArguments_ReachConfiguration()
    {
        await using var app = StickyHost.Build(RunningHost.LoopbackArgs("--Sticky:AffinitySecret=0123456789abcdef0123"));

        Assert.That(app.Configuration["Sticky:AffinitySecret"], Is.EqualTo("0123456789abcdef0123"));
    }

    [Test]
    public async Task Build_TraefikFlagAndStandardArgument_TraefikFlagWins()
    {
        await using var app = StickyHost.Build(RunningHost.LoopbackArgs("--Sticky:Host:LogLevel=ERROR", "--loglevel=DEBUG"));

        Assert.That(app.Configuration["Sticky:Host:LogLevel"], Is.EqualTo("DEBUG"));
    }

    [Test]
    public async Task Start_StickyEnvironmentProxyAddress_BeatsAppSettings()
    {
        // appsettings.json says ":80"; the STICKY__ variable sits above it.
        const string Name = "STICKY__Host__ProxyAddress";
        try
        {
            Environment.SetEnvironmentVariable(Name, "127.0.0.1:0");

            await using var host = await RunningHost.StartAsync(["--admin.address=127.0.0.1:0"]);

            Assert.Multiple(() =>
            {
                Assert.That(host.ProxyAddress.Host, Is.EqualTo("127.0.0.1"));
                Assert.That(host.ProxyAddress.Port, Is.Not.EqualTo(80));
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable(Name, null);
        }
    }

    [Test]
    public async Task Start_TraefikWebFlagAndStandardAdminFalse_TraefikFlagWins()
    {
        await using var host = await RunningHost.StartAsync(RunningHost.LoopbackArgs("--Sticky:Host:Admin=false", "--web"));

        Assert.That(host.Addresses, Has.Count.EqualTo(2));
    }
}
