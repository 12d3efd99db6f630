// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;
using Sticky.Host.Docker.Labels;

namespace Sticky.Host.Docker.Tests;

[TestFixture]
public sealed class TraefikV2LabelsTests
{
    private static readonly LabelParser s_parser = new(exposedByDefault: true);

    [Test]
    public void Parse_TraefikV2Labels_RouterAndServiceApplied()
    {
        var labels = new Dictionary<string, string>
        {
            ["traefik.enable"] = "true",
            ["traefik.docker.network"] = "whoaminet",
            ["traefik.http.routers.whoami.rule"] = "PathPrefix(`/`)",
            ["traefik.http.routers.whoami.priority"] = "5",
            ["traefik.http.routers.whoami.entrypoints"] = "web",
            ["traefik.http.services.whoami.loadbalancer.server.port"] = "8000",
            ["traefik.http.services.whoami.loadbalancer.server.scheme"] = "http",
            ["traefik.http.services.whoami.loadbalancer.sticky.cookie.name"] = "lb",
            ["traefik.http.services.whoami.loadbalancer.sticky.cookie.secure"] = "true",
            ["traefik.http.services.whoami.loadbalancer.sticky.cookie.httponly"] = "false",
            ["traefik.http.services.whoami.loadbalancer.sticky.cookie.samesite"] = "strict",
            ["traefik.http.services.whoami.loadbalancer.sticky.cookie.maxage"] = "3600",
            ["traefik.http.services.whoami.loadbalancer.sticky.cookie.path"] = "/app",
            ["traefik.http.services.whoami.loadbalancer.sticky.cookie.domain"] = "example.com",
            ["traefik.http.services.whoami.loadbalancer.healthcheck.path"] = "/health",
            ["traefik.http.services.whoami.loadbalancer.healthcheck.status"] = "204",
        };

        var result = s_parser.Parse("whoami-service", labels);

        Assert.That(result.Errors, Is.Empty);
        var parsed = result.Labels!;
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Dialect, Is.EqualTo(LabelDialect.TraefikV2));
            Assert.That(parsed.Rule, Is.EqualTo("PathPrefix(`/`)"));
            Assert.That(parsed.Priority, Is.EqualTo(5));
            Assert.That(parsed.Port, Is.EqualTo(8000));
            Assert.That(parsed.Network, Is.EqualTo("whoaminet"));
            Assert.That(parsed.Affinity!.CookieName, Is.EqualTo("lb"));
            Assert.That(parsed.Affinity.Secure, Is.True);
            Assert.That(parsed.Affinity.HttpOnly, Is.False);
            Assert.That(parsed.Affinity.SameSite, Is.EqualTo(SameSiteMode.Strict));
            Assert.That(parsed.Affinity.MaxAge, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(parsed.Affinity.Path, Is.EqualTo("/app"));
            Assert.That(parsed.Affinity.Domain, Is.EqualTo("example.com"));
            Assert.That(parsed.HealthCheck!.ExpectedStatus, Is.EqualTo(204));
            Assert.That(parsed.HealthCheck.Interval, Is.EqualTo(TimeSpan.FromSeconds(30)));
        });
    }

    [Test]
    public void Parse_TraefikV2StickyCookieTrue_EnablesDefaultCookie()
    {
        var result = s_parser.Parse("s", new Dictionary<string, string>
        {
            ["traefik.http.services.s.loadbalancer.server.port"] = "80",
            ["traefik.http.services.s.loadbalancer.sticky.cookie"] = "true",
        });

        Assert.That(result.Labels!.Affinity, Is.Not.Null);
        Assert.That(result.Labels.Affinity!.CookieName, Is.Null);
    }

    [Test]
    public void Parse_TraefikV2WithoutSticky_NoAffinity()
    {
        var result = s_parser.Parse("s", new Dictionary<string, string> { ["traefik.http.services.s.loadbalancer.server.port"] = "80" });

        Assert.That(result.Labels!.Affinity, Is.Null);
    }

    [Test]
    public void Parse_TraefikV2LbSwarm_UsesSwarmLoadBalancer()
    {
        var result = s_parser.Parse("s", new Dictionary<string, string>
        {
            ["traefik.http.services.s.loadbalancer.server.port"] = "80",
            ["traefik.docker.lbswarm"] = "true",
        });

        Assert.That(result.Labels!.UseSwarmLoadBalancer, Is.True);
    }

    [Test]
    public void Parse_TraefikV2TwoRouters_FirstUsedWithWarning()
    {
        var result = s_parser.Parse("s", new Dictionary<string, string>
        {
            ["traefik.http.routers.b.rule"] = "Path(`/b`)",
            ["traefik.http.routers.a.rule"] = "Path(`/a`)",
            ["traefik.http.services.s.loadbalancer.server.port"] = "80",
        });

        Assert.That(result.Labels!.Rule, Is.EqualTo("Path(`/a`)"));
        Assert.That(result.Warnings, Has.One.Contains("'b'"));
    }

    [Test]
    public void Parse_TraefikV2AndV1Labels_V1IgnoredWithWarning()
    {
        var result = s_parser.Parse("s", new Dictionary<string, string>
        {
            ["traefik.port"] = "9999",
            ["traefik.http.services.s.loadbalancer.server.port"] = "80",
        });

        Assert.That(result.Labels!.Port, Is.EqualTo(80));
        Assert.That(result.Warnings, Has.One.Contains("traefik.port"));
    }
}
