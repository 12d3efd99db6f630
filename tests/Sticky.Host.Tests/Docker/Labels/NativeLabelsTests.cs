// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;
using Sticky.Balancing;
using Sticky.Host.Docker.Labels;

namespace Sticky.Host.Docker.Tests;

[TestFixture]
public sealed class NativeLabelsTests
{
    private static readonly LabelParser s_parser = new(exposedByDefault: true);

    [Test]
    public void Parse_NativeLabels_AllApplied()
    {
        var labels = new Dictionary<string, string>
        {
            ["sticky.enable"] = "true",
            ["sticky.port"] = "8000",
            ["sticky.rule"] = "Host(`a.com`)",
            ["sticky.priority"] = "-1",
            ["sticky.weight"] = "0",
            ["sticky.network"] = "whoaminet",
            ["sticky.cookie.name"] = "s",
            ["sticky.cookie.secure"] = "true",
            ["sticky.cookie.httponly"] = "false",
            ["sticky.cookie.samesite"] = "lax",
            ["sticky.cookie.maxage"] = "60",
            ["sticky.cookie.path"] = "/x",
            ["sticky.cookie.domain"] = "a.com",
            ["sticky.healthcheck.path"] = "/health",
            ["sticky.healthcheck.interval"] = "5s",
            ["sticky.healthcheck.timeout"] = "500ms",
            ["sticky.healthcheck.port"] = "8001",
            ["sticky.healthcheck.scheme"] = "https",
            ["sticky.healthcheck.hostname"] = "h",
            ["sticky.healthcheck.status"] = "200",
            ["sticky.loadbalancer.policy"] = "p2c",
        };

        var result = s_parser.Parse("svc", labels);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Warnings, Is.Empty);
        var parsed = result.Labels!;
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Dialect, Is.EqualTo(LabelDialect.Native));
            Assert.That(parsed.Port, Is.EqualTo(8000));
            Assert.That(parsed.Priority, Is.EqualTo(-1));
            Assert.That(parsed.Weight, Is.Zero);
            Assert.That(parsed.Network, Is.EqualTo("whoaminet"));
            Assert.That(parsed.Affinity!.SameSite, Is.EqualTo(SameSiteMode.Lax));
            Assert.That(parsed.Affinity.MaxAge, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(parsed.HealthCheck!.Interval, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(parsed.HealthCheck.Timeout, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
            Assert.That(parsed.HealthCheck.Scheme, Is.EqualTo("https"));
            Assert.That(parsed.HealthCheck.ExpectedStatus, Is.EqualTo(200));
            Assert.That(parsed.LoadBalancingPolicy, Is.EqualTo(LoadBalancingPolicies.PowerOfTwoChoices));
        });
    }

    [Test]
    public void Parse_NativeMinimal_StickyByDefaultWithCoreDefaults()
    {
        var result = s_parser.Parse("svc", new Dictionary<string, string> { ["sticky.port"] = "80" });

        var affinity = result.Labels!.Affinity;
        Assert.That(affinity, Is.EqualTo(new Sticky.Affinity.AffinityCookieConfig()));
    }

    [Test]
    public void Parse_NativeStickyFalse_NoAffinity()
    {
        var result = s_parser.Parse("svc", new Dictionary<string, string> { ["sticky.port"] = "80", ["sticky.sticky"] = "false" });

        Assert.That(result.Labels!.Affinity, Is.Null);
    }

    [Test]
    public void Parse_NativeUnknownLabel_WarnsAboutTypo()
    {
        var result = s_parser.Parse("svc", new Dictionary<string, string> { ["sticky.port"] = "80", ["sticky.prot"] = "81" });

        Assert.That(result.Labels, Is.Not.Null);
        Assert.That(result.Warnings, Has.One.Contains("sticky.prot"));
    }

    [Test]
    public void Parse_NativeAndTraefikLabels_NativeWinsWithWarning()
    {
        var result = s_parser.Parse("svc", new Dictionary<string, string> { ["sticky.port"] = "80", ["traefik.port"] = "81" });

        Assert.That(result.Labels!.Port, Is.EqualTo(80));
        Assert.That(result.Warnings, Has.One.Contains("traefik.port"));
    }

    [Test]
    public void Parse_NativeEnableFalse_Disabled()
    {
        var result = s_parser.Parse("svc", new Dictionary<string, string> { ["sticky.enable"] = "false", ["sticky.port"] = "80" });

        Assert.That(result.Enabled, Is.False);
    }
}
