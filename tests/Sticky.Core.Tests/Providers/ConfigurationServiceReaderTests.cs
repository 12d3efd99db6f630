// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Health;

namespace Sticky.Providers.Tests;

[TestFixture]
public sealed partial class ConfigurationServiceReaderTests
{
    private const string Web = "Sticky:Services:web:";

    [Test]
    public void Read_StringAndObjectBackends_ReadsBoth()
    {
        var services = ReadValid(new()
        {
            [Web + "Backends:0"] = "http://10.0.0.5:8000",
            [Web + "Backends:1:Url"] = "http://10.0.0.6:8000",
            [Web + "Backends:1:Name"] = "task-2",
            [Web + "Backends:1:Weight"] = "3",
            [Web + "Backends:1:Draining"] = "true",
        });

        Assert.That(services, Has.Count.EqualTo(1));
        Assert.That(services[0].Name, Is.EqualTo("web"));
        Assert.That(services[0].Backends, Is.EqualTo(new[]
        {
            new BackendConfig { Url = "http://10.0.0.5:8000" },
            new BackendConfig { Url = "http://10.0.0.6:8000", Name = "task-2", Weight = 3, Draining = true },
        }));
    }

    [Test]
    public void Read_RulePriorityAndPolicy_AreRead()
    {
        var services = ReadValid(new()
        {
            [Web + "Rule"] = "Host(`whoami.local`) && PathPrefix(`/api`)",
            [Web + "Priority"] = "-7",
            [Web + "LoadBalancingPolicy"] = "PowerOfTwoChoices",
            [Web + "Backends:0"] = "http://10.0.0.5:8000",
        });

        var service = services.Single();
        Assert.That(service.Rule, Is.EqualTo("Host(`whoami.local`) && PathPrefix(`/api`)"));
        Assert.That(service.Priority, Is.EqualTo(-7));
        Assert.That(service.LoadBalancingPolicy, Is.EqualTo("PowerOfTwoChoices"));
        Assert.That(service.Affinity, Is.Null);
        Assert.That(service.HealthCheck, Is.Null);
    }

    [Test]
    public void Read_UnsetOptionalValues_UseDefaults()
    {
        var service = ReadValid(new() { [Web + "Backends:0:Url"] = "http://10.0.0.5:8000" }).Single();

        Assert.That(service.Rule, Is.Null);
        Assert.That(service.Priority, Is.Zero);
        Assert.That(service.LoadBalancingPolicy, Is.Null);
        Assert.That(service.Backends.Single(), Is.EqualTo(new BackendConfig { Url = "http://10.0.0.5:8000", Weight = 1, Draining = false }));
    }

    [Test]
    public void Read_NameSetInSection_OverridesTheKey()
    {
        // An array in appsettings.json gives keys 0, 1, ...: the Name entry is the service name then.
        var services = ReadValid(new()
        {
            ["Sticky:Services:0:Name"] = "whoami-service",
            ["Sticky:Services:0:Backends:0"] = "http://10.0.0.5:8000",
            ["Sticky:Services:1:Name"] = "api",
            ["Sticky:Services:1:Backends:0"] = "http://10.0.0.9:8000",
        });

        Assert.That(services.Select(s => s.Name), Is.EquivalentTo(new[] { "whoami-service", "api" }));
    }

    [Test]
    public void Read_StickyTrue_EnablesAffinityWithDefaultCookie()
    {
        var service = ReadValid(new()
        {
            [Web + "Sticky"] = "true",
            [Web + "Backends:0"] = "http://10.0.0.5:8000",
        }).Single();

        Assert.That(service.Affinity, Is.EqualTo(new AffinityCookieConfig()));
    }

    [Test]
    public void Read_StickyFalse_AffinityIsNull()
    {
        var service = ReadValid(new()
        {
            [Web + "Sticky"] = "False",
            [Web + "Backends:0"] = "http://10.0.0.5:8000",
        }).Single();

        Assert.That(service.Affinity, Is.Null);
    }

    [Test]
    public void Read_AffinitySection_ReadsEveryAttributeAndImpliesSticky()
    {
        var service = ReadValid(new()
        {
            [Web + "Affinity:CookieName"] = "lb",
            [Web + "Affinity:Path"] = "/app",
            [Web + "Affinity:Domain"] = "example.com",
            [Web + "Affinity:HttpOnly"] = "false",
            [Web + "Affinity:Secure"] = "true",
            [Web + "Affinity:SameSite"] = "strict",
            [Web + "Affinity:MaxAge"] = "1h",
            [Web + "Backends:0"] = "http://10.0.0.5:8000",
        }).Single();

        Assert.That(service.Affinity, Is.EqualTo(new AffinityCookieConfig
        {
            CookieName = "lb",
            Path = "/app",
            Domain = "example.com",
            HttpOnly = false,
            Secure = true,
            SameSite = SameSiteMode.Strict,
            MaxAge = TimeSpan.FromHours(1),
        }));
    }

    [Test]
    public void Read_AffinityEnabledFalse_AffinityIsNull()
    {
        var service = ReadValid(new()
        {
            [Web + "Affinity:CookieName"] = "lb",
            [Web + "Affinity:Enabled"] = "false",
            [Web + "Backends:0"] = "http://10.0.0.5:8000",
        }).Single();

        Assert.That(service.Affinity, Is.Null);
    }

    [TestCase("1h", 3600)]
    [TestCase("00:30:00", 1800)]
    [TestCase("90", 90)]
    [TestCase("1m30s", 90)]
    public void Read_AffinityMaxAge_AcceptsEveryDurationForm(string text, int expectedSeconds)
    {
        var service = ReadValid(new()
        {
            [Web + "Affinity:MaxAge"] = text,
            [Web + "Backends:0"] = "http://10.0.0.5:8000",
        }).Single();

        Assert.That(service.Affinity!.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));
    }

    [TestCase("None", SameSiteMode.None)]
    [TestCase("lax", SameSiteMode.Lax)]
    [TestCase("STRICT", SameSiteMode.Strict)]
    [TestCase("", SameSiteMode.Unspecified)]
    public void Read_AffinitySameSite_IsCaseInsensitive(string text, SameSiteMode expected)
    {
        var service = ReadValid(new()
        {
            [Web + "Affinity:SameSite"] = text,
            [Web + "Backends:0"] = "http://10.0.0.5:8000",
        }).Single();

        Assert.That(service.Affinity!.SameSite, Is.EqualTo(expected));
    }

    [Test]
    public void Read_HealthCheckSection_ReadsEveryAttribute()
    {
        var service = ReadValid(new()
        {
            [Web + "HealthCheck:Path"] = "/health",
            [Web + "HealthCheck:Interval"] = "5s",
            [Web + "HealthCheck:Timeout"] = "500ms",
            [Web + "HealthCheck:Port"] = "8081",
            [Web + "HealthCheck:Scheme"] = "https",
            [Web + "HealthCheck:Hostname"] = "whoami.local",
            [Web + "HealthCheck:ExpectedStatus"] = "204",
            [Web + "Backends:0"] = "http://10.0.0.5:8000",
        }).Single();

        Assert.That(service.HealthCheck, Is.EqualTo(new HealthCheckConfig
        {
            Path = "/health",
            Interval = TimeSpan.FromSeconds(5),
            Timeout = TimeSpan.FromMilliseconds(500),
            Port = 8081,
            Scheme = "https",
            Hostname = "whoami.local",
            ExpectedStatus = 204,
        }));
    }

    [Test]
    public void Read_HealthCheckWithPathOnly_UsesDefaults()
    {
        var service = ReadValid(new()
        {
            [Web + "HealthCheck:Path"] = "/ping",
            [Web + "Backends:0"] = "http://10.0.0.5:8000",
        }).Single();

        Assert.That(service.HealthCheck, Is.EqualTo(new HealthCheckConfig { Path = "/ping" }));
        Assert.That(service.HealthCheck!.Interval, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(service.HealthCheck.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void Read_NoServicesSection_ReturnsNothing()
    {
        var (services, failed) = Read(new() { ["Sticky:AffinitySecret"] = "0123456789abcdef" });

        Assert.That(services, Is.Empty);
        Assert.That(failed, Is.Empty);
    }

    private static (List<ServiceConfig> Services, Dictionary<string, List<string>> Failed) Read(Dictionary<string, string?> data)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(data).Build();
        return ConfigurationServiceReader.Read(configuration.GetSection("Sticky:Services"), configuration);
    }

    private static List<ServiceConfig> ReadValid(Dictionary<string, string?> data)
    {
        var (services, failed) = Read(data);
        Assert.That(failed, Is.Empty, () => string.Join(Environment.NewLine, failed.SelectMany(f => f.Value)));
        return services;
    }
}
