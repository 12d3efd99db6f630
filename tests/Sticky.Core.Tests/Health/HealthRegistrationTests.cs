// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sticky.Configuration;

namespace Sticky.Health.Tests;

[TestFixture]
public sealed class HealthRegistrationTests
{
    [Test]
    public void AddSticky_RegistersTheHealthServicesAfterTheRoutingState()
    {
        using var provider = Build([]);

        var hosted = provider.GetServices<IHostedService>().Select(static s => s.GetType().Name).ToArray();

        Assert.That(hosted, Is.EqualTo(new[] { "RoutingState", nameof(ActiveHealthChecker), nameof(PanicMonitor) }));
        Assert.That(provider.GetRequiredService<PassiveHealthPolicy>(), Is.Not.Null);
        Assert.That(provider.GetRequiredService<ActiveHealthChecker>(), Is.SameAs(provider.GetServices<IHostedService>().ElementAt(1)));
    }

    [Test]
    public void AddSticky_HealthSection_IsBound()
    {
        using var provider = Build(new()
        {
            ["Sticky:Health:UnhealthyThreshold"] = "3",
            ["Sticky:Health:EjectionPeriod"] = "00:01:00",
            ["Sticky:Health:PanicMode"] = "false",
            ["Sticky:Health:MaxRetries"] = "1",
            ["Sticky:Health:PassiveCountsServerErrors"] = "false",
        });

        var health = provider.GetRequiredService<IOptions<StickyOptions>>().Value.Health;

        Assert.That(health.UnhealthyThreshold, Is.EqualTo(3));
        Assert.That(health.EjectionPeriod, Is.EqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(health.PanicMode, Is.False);
        Assert.That(health.MaxRetries, Is.EqualTo(1));
        Assert.That(health.PassiveCountsServerErrors, Is.False);
        Assert.That(health.HealthyThreshold, Is.EqualTo(2), "unset keys keep their defaults");
    }

    [Test]
    public void AddSticky_InvalidHealthSection_StartupValidatorThrowsNamingTheSetting()
    {
        using var provider = Build(new() { ["Sticky:Health:HealthyThreshold"] = "0" });

        var validator = provider.GetRequiredService<IStartupValidator>();

        Assert.That(validator.Validate, Throws.TypeOf<OptionsValidationException>().With.Message.Contains("Sticky:Health:HealthyThreshold"));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddMetrics();
        services.AddSticky();
        return services.BuildServiceProvider();
    }
}
