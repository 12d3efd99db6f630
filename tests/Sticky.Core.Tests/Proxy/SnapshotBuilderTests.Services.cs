// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Balancing;
using Sticky.Providers;
using Sticky.TestInfrastructure;

namespace Sticky.Proxy.Tests;

/// <summary>Backends, their state across snapshots, routes and affinity: what one service becomes.</summary>
public sealed partial class SnapshotBuilderTests
{
    [TestCase("not-a-url", "'not-a-url' is not an absolute http:// or https:// URL")]
    [TestCase("ftp://10.0.0.7:21", "'ftp://10.0.0.7:21' is not an absolute http:// or https:// URL")]
    [TestCase("http://10.0.0.7:8000/?debug=1", "must not carry a query")]
    public void Build_InvalidBackendUrl_SkipsThatBackendKeepsTheOthers(string url, string expected)
    {
        var snapshot = Build(Input("docker", Service("web", null, "http://10.0.0.5:8000", url, "http://10.0.0.6:8000")));

        Assert.That(snapshot.Services["web"].Backends.Select(b => b.Id), Is.EqualTo(new[] { "http://10.0.0.5:8000", "http://10.0.0.6:8000" }));
        Assert.That(snapshot.Services["web"].Backends.Select(b => b.Index), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(snapshot.Errors.Single(), Does.StartWith("service web: backend skipped: ").And.Contain(expected));
    }

    [Test]
    public void Build_NegativeWeight_SkipsThatBackendKeepsTheOthers()
    {
        var service = Service("web", null, "http://10.0.0.5:8000") with
        {
            Backends =
            [
                new BackendConfig { Url = "http://10.0.0.5:8000", Weight = -2 },
                new BackendConfig { Url = "http://10.0.0.6:8000", Weight = 0 },
                new BackendConfig { Url = "http://10.0.0.7:8000", Weight = 3 },
            ],
        };

        var snapshot = Build(Input("docker", service));

        Assert.That(snapshot.Services["web"].Backends.Select(b => (b.Id, b.Weight)), Is.EqualTo(new[] { ("http://10.0.0.6:8000", 0), ("http://10.0.0.7:8000", 3) }));
        Assert.That(snapshot.Errors.Single(), Does.Contain("backend http://10.0.0.5:8000 skipped").And.Contain("-2"));
    }

    [Test]
    public void Build_DuplicateBackendUrl_KeepsTheFirstEntry()
    {
        var service = Service("web", null) with
        {
            Backends =
            [
                new BackendConfig { Url = "http://10.0.0.5:8000", Weight = 2 },
                new BackendConfig { Url = "http://10.0.0.6:8000" },
                new BackendConfig { Url = "HTTP://10.0.0.5:8000/", Weight = 7 },
            ],
        };

        var snapshot = Build(Input("docker", service));

        Assert.That(snapshot.Services["web"].Backends.Select(b => (b.Id, b.Weight)), Is.EqualTo(new[] { ("http://10.0.0.5:8000", 2), ("http://10.0.0.6:8000", 1) }));
        Assert.That(snapshot.Errors.Single(), Does.Contain("backend http://10.0.0.5:8000 is listed twice"));
    }

    [Test]
    public void Build_SameServiceAndUrl_CarriesBackendStateOver()
    {
        var builder = CreateBuilder();
        var first = builder.Build([Input("docker", Service("web", null, "http://10.0.0.5:8000", "http://10.0.0.6:8000"))], RoutingSnapshot.Empty);
        var kept = first.Services["web"].Backends[1];
        kept.State.SetHealth(BackendHealth.Unhealthy);
        kept.State.RequestStarted();

        // Reordered, respelled, reweighted, with a new backend: state follows the URL, not the position.
        var second = builder.Build(
            [Input("docker", Service("web", null) with
            {
                Backends =
                [
                    new BackendConfig { Url = "http://10.0.0.7:8000" },
                    new BackendConfig { Url = "http://10.0.0.6:8000/", Weight = 5 },
                ],
            })],
            first);

        var backends = second.Services["web"].Backends;
        Assert.That(backends[1].Id, Is.EqualTo("http://10.0.0.6:8000"));
        Assert.That(backends[1].State, Is.SameAs(kept.State));
        Assert.That(backends[1].Health, Is.EqualTo(BackendHealth.Unhealthy));
        Assert.That(backends[1].InFlight, Is.EqualTo(1));
        Assert.That(backends[1].Weight, Is.EqualTo(5));
        Assert.That(backends[0].State, Is.Not.SameAs(kept.State).And.Not.SameAs(first.Services["web"].Backends[0].State));
        Assert.That(backends[0].Health, Is.EqualTo(BackendHealth.Unknown));
        Assert.That(backends[0].InFlight, Is.Zero);
    }

    [Test]
    public void Build_SameUrlInAnotherService_GetsFreshState()
    {
        var builder = CreateBuilder();
        var first = builder.Build([Input("docker", Service("web", null, "http://10.0.0.5:8000"))], RoutingSnapshot.Empty);
        first.Services["web"].Backends[0].State.SetHealth(BackendHealth.Unhealthy);

        var second = builder.Build([Input("docker", Service("web", null, "http://10.0.0.5:8000"), Service("api", "PathPrefix:/api", "http://10.0.0.5:8000"))], first);

        Assert.That(second.Services["web"].Backends[0].State, Is.SameAs(first.Services["web"].Backends[0].State));
        Assert.That(second.Services["api"].Backends[0].State, Is.Not.SameAs(first.Services["web"].Backends[0].State));
        Assert.That(second.Services["api"].Backends[0].Health, Is.EqualTo(BackendHealth.Unknown));
    }

    [Test]
    public void Build_ServiceRemoved_IsGoneFromTheNextSnapshot()
    {
        var builder = CreateBuilder();
        var first = builder.Build([Input("docker", Service("web", null, "http://10.0.0.5:8000"), Service("api", "PathPrefix:/api", "http://10.0.0.9:8000"))], RoutingSnapshot.Empty);

        var second = builder.Build([Input("docker", Service("web", null, "http://10.0.0.5:8000"))], first);

        Assert.That(second.Services.Keys, Is.EqualTo(new[] { "web" }));
        Assert.That(second.Routes.Entries.Select(e => e.Target.Name), Is.EqualTo(new[] { "web" }));
    }

    [Test]
    public void Build_EachBuild_IncrementsTheGeneration()
    {
        var builder = CreateBuilder();
        var input = new[] { Input("docker", Service("web", null, "http://10.0.0.5:8000")) };

        var first = builder.Build(input, RoutingSnapshot.Empty);
        var second = builder.Build(input, first);
        var third = builder.Build([], second);

        Assert.That(new[] { first.Generation, second.Generation, third.Generation }, Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(third.Services, Is.Empty);
    }

    [Test]
    public void Build_Routes_FollowPriorityThenLongestRuleFirst()
    {
        var snapshot = Build(Input(
            "docker",
            Service("catch-all", null, "http://10.0.0.1:8000"),
            Service("root", "PathPrefix:/", "http://10.0.0.2:8000"),
            Service("api", "PathPrefix:/api", "http://10.0.0.3:8000"),
            Service("api-v1", "Host:a.com;PathPrefix:/api/v1", "http://10.0.0.4:8000"),
            Service("pinned", "Path:/x", "http://10.0.0.5:8000") with { Priority = 1000 }));

        Assert.That(snapshot.Routes.Entries.Select(e => e.Target.Name), Is.EqualTo(new[] { "pinned", "api-v1", "api", "root", "catch-all" }));
        Assert.That(snapshot.Routes.Entries.Select(e => e.Priority), Is.EqualTo(new[] { 1000, "Host:a.com;PathPrefix:/api/v1".Length, "PathPrefix:/api".Length, "PathPrefix:/".Length, 0 }));
        Assert.That(snapshot.Routes.Match(Request("a.com", "/api/v1/users"))!.Name, Is.EqualTo("api-v1"));
        Assert.That(snapshot.Routes.Match(Request("b.com", "/api/v1/users"))!.Name, Is.EqualTo("api"));
        Assert.That(snapshot.Routes.Match(Request("b.com", "/x"))!.Name, Is.EqualTo("pinned"));
        Assert.That(snapshot.Routes.Match(Request("b.com", "/home"))!.Name, Is.EqualTo("root"));
    }

    [Test]
    public void Build_NonStickyService_HasNoAffinity()
    {
        var snapshot = Build(Input("docker", Service("web", null, "http://10.0.0.5:8000")));

        Assert.That(snapshot.Services["web"].Affinity, Is.Null);
    }

    [Test]
    public void Build_StickyWhoamiService_UsesTraefikCookieName()
    {
        var snapshot = Build(Input("docker", Sticky(Service("whoami-service", "PathPrefix:/", "http://10.0.0.5:8000", "http://10.0.0.6:8000"))));

        var affinity = snapshot.Services["whoami-service"].Affinity!;
        Assert.That(affinity.CookieName, Is.EqualTo("_a49bc"));
        Assert.That(affinity.Backends, Is.EqualTo(snapshot.Services["whoami-service"].Backends));
    }

    [Test]
    public void Build_ConfiguredCookieName_IsUsed()
    {
        var service = Service("whoami-service", null, "http://10.0.0.5:8000") with { Affinity = new AffinityCookieConfig { CookieName = "lb" } };

        var snapshot = Build(Input("docker", service));

        Assert.That(snapshot.Services["whoami-service"].Affinity!.CookieName, Is.EqualTo("lb"));
    }

    [Test]
    public void Build_Secret_SignsCookieValues()
    {
        var service = Sticky(Service("whoami-service", null, "http://10.0.0.5:8000"));
        var unsigned = CreateBuilder().Build([Input("docker", service)], RoutingSnapshot.Empty);
        var signed = CreateBuilder([.. Enumerable.Range(1, 32).Select(i => (byte)i)]).Build([Input("docker", service)], RoutingSnapshot.Empty);

        var unsignedTable = unsigned.Services["whoami-service"].Affinity!;
        var signedTable = signed.Services["whoami-service"].Affinity!;
        Assert.That(signedTable.GetCookieValue(signedTable.Backends[0]), Is.Not.EqualTo(unsignedTable.GetCookieValue(unsignedTable.Backends[0])));
        Assert.That(signedTable.GetCookieValue(signedTable.Backends[0]), Does.Not.Contain("10.0.0.5"));
    }

    [Test]
    public void Build_InvalidCookieAttribute_SkipsNewServiceWithError()
    {
        var service = Service("web", null, "http://10.0.0.5:8000") with { Affinity = new AffinityCookieConfig { Path = "app" } };

        var snapshot = Build(Input("docker", service), Input("other", Service("api", "PathPrefix:/api", "http://10.0.0.9:8000")));

        Assert.That(snapshot.Services.Keys, Is.EqualTo(new[] { "api" }));
        Assert.That(snapshot.Errors.Single(), Does.StartWith("service web: ").And.Contain("'app'"));
    }

    [Test]
    public void Build_ProviderError_IsRecordedWithTheProviderName()
    {
        var snapshot = Build(("docker", new ProviderSnapshot
        {
            Services = [Service("web", null, "http://10.0.0.5:8000")],
            ChangeToken = NeverChanges(),
            Error = "the Docker daemon is not reachable",
        }));

        Assert.That(snapshot.Services.Keys, Is.EqualTo(new[] { "web" }));
        Assert.That(snapshot.Errors, Is.EqualTo(new[] { "provider docker: the Docker daemon is not reachable" }));
    }

    [Test]
    public void Build_ServiceWithEmptyName_IsSkippedWithError()
    {
        var snapshot = Build(Input("docker", Service(" ", null, "http://10.0.0.5:8000"), Service("api", null, "http://10.0.0.9:8000")));

        Assert.That(snapshot.Services.Keys, Is.EqualTo(new[] { "api" }));
        Assert.That(snapshot.Errors.Single(), Does.Contain("provider docker").And.Contain("no name"));
    }

    [Test]
    public void Build_ServiceWithNullName_IsSkippedWithErrorInsteadOfThrowing()
    {
        // ServiceConfig.Name is required, but a custom provider (or a deserializer) can still hand over null;
        // the builder checks for a missing name, so it must not throw before it gets there.
        var nameless = Service("x", null, "http://10.0.0.5:8000") with { Name = null! };
        RoutingSnapshot? snapshot = null;

        Assert.That(() => snapshot = Build(Input("docker", nameless, Service("api", null, "http://10.0.0.9:8000"))), Throws.Nothing);
        Assert.That(snapshot!.Services.Keys, Is.EqualTo(new[] { "api" }));
        Assert.That(snapshot.Errors.Single(), Does.Contain("no name"));
    }
}
