// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Balancing;
using Sticky.Host.Docker.Labels;

namespace Sticky.Host.Docker.Tests;

[TestFixture]
public sealed class LabelParserTests
{
    private static readonly LabelParser s_parser = new(exposedByDefault: true);

    [Test]
    public void Parse_SeedLabels_TraefikV1ServiceWithStickiness()
    {
        var result = s_parser.Parse("whoami-service", DockerTestData.SeedLabels());

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Warnings, Is.Empty);
        var labels = result.Labels!;
        Assert.Multiple(() =>
        {
            Assert.That(labels.Dialect, Is.EqualTo(LabelDialect.TraefikV1));
            Assert.That(labels.Port, Is.EqualTo(8000));
            Assert.That(labels.Network, Is.EqualTo("whoaminet"));
            Assert.That(labels.Rule, Is.EqualTo("PathPrefix:/"));
            Assert.That(labels.Affinity, Is.Not.Null);
            Assert.That(labels.Affinity!.CookieName, Is.Null, "Sticky.Core derives _a49bc from the service name");
            Assert.That(labels.Weight, Is.EqualTo(1));
            Assert.That(labels.Priority, Is.Zero);
            Assert.That(labels.Scheme, Is.EqualTo("http"));
            Assert.That(labels.UseSwarmLoadBalancer, Is.False);
            Assert.That(labels.HealthCheck, Is.Null);
            Assert.That(labels.LoadBalancingPolicy, Is.Null);
        });
    }

    [Test]
    public void Parse_TraefikV1WithoutStickiness_NoAffinityAndCatchAllRule()
    {
        var result = s_parser.Parse("api", new Dictionary<string, string> { ["traefik.port"] = "80" });

        Assert.That(result.Labels!.Affinity, Is.Null);
        Assert.That(result.Labels.Rule, Is.Null, "no frontend rule means every request, not Host:<service>.<domain>");
    }

    [Test]
    public void Parse_TraefikV1AllLabels_AllApplied()
    {
        var labels = new Dictionary<string, string>
        {
            ["traefik.port"] = "8443",
            ["traefik.protocol"] = "https",
            ["traefik.frontend.rule"] = "Host:a.example.com;PathPrefix:/api",
            ["traefik.frontend.priority"] = "10",
            ["traefik.weight"] = "3",
            ["traefik.backend.loadbalancer.method"] = "drr",
            ["traefik.backend.loadbalancer.stickiness"] = "true",
            ["traefik.backend.loadbalancer.stickiness.cookieName"] = "my_cookie",
            ["traefik.backend.loadbalancer.swarm"] = "false",
            ["traefik.backend.healthcheck.path"] = "/health",
            ["traefik.backend.healthcheck.port"] = "9000",
            ["traefik.backend.healthcheck.interval"] = "1m30s",
            ["traefik.backend.healthcheck.timeout"] = "3s",
            ["traefik.backend.healthcheck.hostname"] = "probe.local",
            ["traefik.backend.healthcheck.scheme"] = "http",
        };

        var result = s_parser.Parse("api", labels);

        Assert.That(result.Errors, Is.Empty);
        var parsed = result.Labels!;
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Port, Is.EqualTo(8443));
            Assert.That(parsed.Scheme, Is.EqualTo("https"));
            Assert.That(parsed.Priority, Is.EqualTo(10));
            Assert.That(parsed.Weight, Is.EqualTo(3));
            Assert.That(parsed.LoadBalancingPolicy, Is.EqualTo(LoadBalancingPolicies.PowerOfTwoChoices));
            Assert.That(parsed.Affinity!.CookieName, Is.EqualTo("my_cookie"));
            Assert.That(parsed.HealthCheck!.Path, Is.EqualTo("/health"));
            Assert.That(parsed.HealthCheck.Port, Is.EqualTo(9000));
            Assert.That(parsed.HealthCheck.Interval, Is.EqualTo(TimeSpan.FromSeconds(90)));
            Assert.That(parsed.HealthCheck.Timeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(parsed.HealthCheck.Hostname, Is.EqualTo("probe.local"));
            Assert.That(parsed.HealthCheck.Scheme, Is.EqualTo("http"));
        });
    }

    [Test]
    public void Parse_TraefikV1HealthCheckWithoutInterval_UsesTraefikDefaultOf30Seconds()
    {
        var result = s_parser.Parse("api", new Dictionary<string, string>
        {
            ["traefik.port"] = "80",
            ["traefik.backend.healthcheck.path"] = "/ping",
        });

        Assert.That(result.Labels!.HealthCheck!.Interval, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void Parse_DeprecatedStickyLabel_EnablesStickinessWithWarning()
    {
        var result = s_parser.Parse("api", new Dictionary<string, string>
        {
            ["traefik.port"] = "80",
            ["traefik.backend.loadbalancer.sticky"] = "true",
        });

        Assert.That(result.Labels!.Affinity, Is.Not.Null);
        Assert.That(result.Warnings, Has.One.Contains("deprecated"));
    }

    [TestCase("false", true, false)]
    [TestCase("true", false, true)]
    [TestCase(null, true, true)]
    [TestCase(null, false, false)]
    public void Parse_EnableLabelAndExposedByDefault_DecideParticipation(string? enable, bool exposedByDefault, bool expected)
    {
        var labels = new Dictionary<string, string> { ["traefik.port"] = "80" };
        if (enable is not null)
        {
            labels["traefik.enable"] = enable;
        }

        var result = new LabelParser(exposedByDefault).Parse("svc", labels);

        Assert.That(result.Enabled, Is.EqualTo(expected));
        Assert.That(result.Labels is not null, Is.EqualTo(expected));
    }

    [Test]
    public void Parse_NoLabels_EnabledByDefaultWithoutPort()
    {
        var result = s_parser.Parse("svc", null);

        Assert.That(result.Labels!.Dialect, Is.EqualTo(LabelDialect.None));
        Assert.That(result.Labels.Port, Is.Null);
    }
}
