// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sticky.Host.TestInfrastructure.Tests;
using Sticky.Providers;

namespace Sticky.Host.Hosting.Tests;

[TestFixture]
public sealed class StickyHostLoggingTests
{
    // A category of Sticky's own, as the routing table logs under.
    private const string StickyCategory = "Sticky.Proxy.RoutingState";

    private TestBackend _backend = null!;

    [SetUp]
    public async Task SetUp()
    {
        _backend = await TestBackend.StartAsync("backend-a");
    }

    [TearDown]
    public async Task TearDown()
    {
        await _backend.DisposeAsync();
    }

    [Test]
    public async Task Start_LogLevelWarn_SuppressesDebugAndInformationLines()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(logs, "--loglevel=WARN");
        await SendOneRequestAsync(host);

        var factory = host.App.Services.GetRequiredService<ILoggerFactory>();
        var logger = factory.CreateLogger(StickyCategory);
        Assert.Multiple(() =>
        {
            Assert.That(logger.IsEnabled(LogLevel.Debug), Is.False);
            Assert.That(logger.IsEnabled(LogLevel.Information), Is.False);
            Assert.That(logger.IsEnabled(LogLevel.Warning), Is.True);
            Assert.That(
                logs.Entries.Where(static e => e.Category.StartsWith("Sticky", StringComparison.Ordinal) && e.Level < LogLevel.Warning).Select(static e => e.Message),
                Is.Empty);
        });
    }

    [Test]
    public async Task Start_LogLevelDebug_LogsWhatTheSeedLogs()
    {
        // The seed runs Traefik with --loglevel=DEBUG and reads: configuration received, each service and
        // server created with its URL and weight, and the sticky cookie name.
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(logs, "--loglevel=DEBUG");

        var messages = logs.Entries.Where(static e => e.Category.StartsWith("Sticky", StringComparison.Ordinal)).Select(static e => e.Message).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(host.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger(StickyCategory).IsEnabled(LogLevel.Debug), Is.True);
            Assert.That(messages, Has.Some.Contains("Configuration received from provider"));
            Assert.That(messages, Has.Some.Contains("Creating service web"));
            Assert.That(messages, Has.Some.Contains("Creating server").And.Contains("127.0.0.1"));
            Assert.That(messages, Has.Some.Contains("Sticky session with cookie"));
        });
    }

    [Test]
    public async Task Start_DefaultLogLevel_IsInformation()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(logs);

        var logger = host.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger(StickyCategory);
        Assert.Multiple(() =>
        {
            Assert.That(logger.IsEnabled(LogLevel.Information), Is.True);
            Assert.That(logger.IsEnabled(LogLevel.Debug), Is.False);
            Assert.That(logs.Entries.Select(static e => e.Message), Has.Some.Contains("Routing table updated"));
        });
    }

    [Test]
    public async Task Start_LogLevelDebug_KeepsAspNetCoreDebugOutputOut()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(logs, "--loglevel=DEBUG");
        await SendOneRequestAsync(host);

        Assert.That(
            logs.Entries.Where(static e => e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && e.Level < LogLevel.Warning).Select(static e => e.Category),
            Is.Empty);
    }

    private async Task<RunningHost> StartAsync(CapturingLoggerProvider logs, params string[] extra)
    {
        var provider = new InMemoryBackendProvider([TestServices.Sticky("web", "PathPrefix:/", [_backend])]);
        return await RunningHost.StartAsync(RunningHost.LoopbackArgs(extra), builder =>
        {
            builder.Services.AddStickyProvider(provider);
            builder.Logging.AddProvider(logs);
        });
    }

    private static async Task SendOneRequestAsync(RunningHost host)
    {
        using var client = TestHttp.CreateClient();
        var response = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/"));
        Assert.That(response.Body, Is.EqualTo("backend-a"));
    }
}
