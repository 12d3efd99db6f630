// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Host.Docker.Labels;

namespace Sticky.Host.Docker.Tests;

[TestFixture]
public sealed class LabelErrorTests
{
    private static readonly LabelParser s_parser = new(exposedByDefault: true);

    [TestCase("traefik.port", "abc", "not a whole number")]
    [TestCase("traefik.port", "70000", "between 1 and 65535")]
    [TestCase("traefik.backend.loadbalancer.stickiness", "yes", "not a boolean")]
    [TestCase("traefik.weight", "-1", "between 0")]
    [TestCase("traefik.backend.loadbalancer.method", "random", "unknown load-balancing method")]
    [TestCase("traefik.enable", "maybe", "not a boolean")]
    [TestCase("traefik.protocol", "h2c", "unsupported scheme")]
    public void Parse_BadTraefikV1Label_ErrorNamesServiceLabelValueAndReason(string label, string value, string reason)
    {
        var labels = new Dictionary<string, string> { ["traefik.port"] = "8000", [label] = value };

        var result = s_parser.Parse("whoami-service", labels);

        Assert.That(result.Labels, Is.Null, "a service with a bad label is skipped");
        Assert.That(result.Errors, Has.Count.EqualTo(1));
        var error = result.Errors[0];
        Assert.Multiple(() =>
        {
            Assert.That(error.Service, Is.EqualTo("whoami-service"));
            Assert.That(error.Label, Is.EqualTo(label));
            Assert.That(error.Value, Is.EqualTo(value));
            Assert.That(error.Reason, Does.Contain(reason));
            Assert.That(error.ToString(), Does.Contain("whoami-service").And.Contain(label).And.Contain(value));
        });
    }

    [TestCase("traefik.backend.healthcheck.interval", "10 parsecs", "not a duration")]
    [TestCase("traefik.backend.healthcheck.timeout", "0s", "longer than zero")]
    [TestCase("traefik.backend.healthcheck.port", "x", "not a whole number")]
    public void Parse_BadHealthCheckLabel_Error(string label, string value, string reason)
    {
        var labels = new Dictionary<string, string>
        {
            ["traefik.port"] = "8000",
            ["traefik.backend.healthcheck.path"] = "/health",
            [label] = value,
        };

        var result = s_parser.Parse("svc", labels);

        Assert.That(result.Errors.Single().Label, Is.EqualTo(label));
        Assert.That(result.Errors.Single().Reason, Does.Contain(reason));
    }

    [Test]
    public void Parse_UnknownSameSite_Error()
    {
        var result = s_parser.Parse("svc", new Dictionary<string, string>
        {
            ["traefik.http.services.s.loadbalancer.server.port"] = "80",
            ["traefik.http.services.s.loadbalancer.sticky.cookie.samesite"] = "sometimes",
        });

        Assert.That(result.Errors.Single().Label, Is.EqualTo("traefik.http.services.s.loadbalancer.sticky.cookie.samesite"));
        Assert.That(result.Errors.Single().Reason, Does.Contain("SameSite"));
    }

    [Test]
    public void Parse_SeveralBadLabels_AllReported()
    {
        var result = s_parser.Parse("svc", new Dictionary<string, string>
        {
            ["sticky.port"] = "eighty",
            ["sticky.weight"] = "heavy",
            ["sticky.cookie.secure"] = "sure",
        });

        Assert.That(result.Errors.Select(static e => e.Label), Is.EquivalentTo(new[] { "sticky.port", "sticky.weight", "sticky.cookie.secure" }));
    }

    [Test]
    public void Parse_RuleRejectedByValidator_ErrorNamesRuleLabel()
    {
        var parser = new LabelParser(true, static rule => rule.Contains("Bogus", StringComparison.Ordinal) ? "unknown matcher 'Bogus'" : null);

        var result = parser.Parse("svc", new Dictionary<string, string>
        {
            ["traefik.http.routers.r.rule"] = "Bogus(`x`)",
            ["traefik.http.services.s.loadbalancer.server.port"] = "80",
        });

        Assert.That(result.Errors.Single().Label, Is.EqualTo("traefik.http.routers.r.rule"));
        Assert.That(result.Errors.Single().Value, Is.EqualTo("Bogus(`x`)"));
        Assert.That(result.Errors.Single().Reason, Is.EqualTo("unknown matcher 'Bogus'"));
    }

    [Test]
    public void Parse_HealthCheckPathWithoutSlash_Error()
    {
        var result = s_parser.Parse("svc", new Dictionary<string, string> { ["sticky.port"] = "80", ["sticky.healthcheck.path"] = "health" });

        Assert.That(result.Errors.Single().Label, Is.EqualTo("sticky.healthcheck.path"));
    }

    [Test]
    public void Parse_RuleCoreRejects_ErrorFromCoreParser()
    {
        var parser = new LabelParser(true, DockerRuleValidation.Validate);
        var labels = DockerTestData.SeedLabels();
        labels["traefik.frontend.rule"] = "PathPrefix(`/`";

        var result = parser.Parse("whoami-service", labels);

        Assert.That(result.Errors.Single().Label, Is.EqualTo("traefik.frontend.rule"));
        Assert.That(result.Errors.Single().Value, Is.EqualTo("PathPrefix(`/`"));
    }

    [Test]
    public void Parse_SeedRuleWithCoreValidation_Accepted()
    {
        var result = new LabelParser(true, DockerRuleValidation.Validate).Parse("whoami-service", DockerTestData.SeedLabels());

        Assert.That(result.Errors, Is.Empty);
    }
}
