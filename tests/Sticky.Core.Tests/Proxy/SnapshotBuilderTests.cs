// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Balancing;
using Sticky.Providers;
using Sticky.TestInfrastructure;

namespace Sticky.Proxy.Tests;

[TestFixture]
public sealed partial class SnapshotBuilderTests
{
    private FakeTimeProvider _time = null!;
    private TestLogger<SnapshotBuilder> _logger = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _logger = new TestLogger<SnapshotBuilder>();
    }

    [Test]
    public void Build_TwoProviders_MergesTheirServices()
    {
        var snapshot = Build(
            Input("configuration", Service("web", "PathPrefix:/", "http://10.0.0.5:8000")),
            Input("docker", Service("api", "PathPrefix:/api", "http://10.0.0.9:8000"), Service("admin", "Host:admin.local", "http://10.0.0.20:8000")));

        Assert.That(snapshot.Services.Keys, Is.EquivalentTo(new[] { "web", "api", "admin" }));
        Assert.That(snapshot.Services["web"].ProviderName, Is.EqualTo("configuration"));
        Assert.That(snapshot.Services["api"].ProviderName, Is.EqualTo("docker"));
        Assert.That(snapshot.Routes.Entries, Has.Count.EqualTo(3));
        Assert.That(snapshot.Errors, Is.Empty);
        Assert.That(snapshot.CreatedAt, Is.EqualTo(_time.GetUtcNow()));
    }

    [Test]
    public void Build_DuplicateServiceName_KeepsFirstProvidersAndReportsError()
    {
        var snapshot = Build(
            Input("configuration", Service("web", null, "http://10.0.0.5:8000")),
            Input("docker", Service("web", null, "http://10.0.0.6:8000")));

        var web = snapshot.Services["web"];
        Assert.That(web.ProviderName, Is.EqualTo("configuration"));
        Assert.That(web.Backends.Select(b => b.Id), Is.EqualTo(new[] { "http://10.0.0.5:8000" }));
        Assert.That(snapshot.Routes.Entries, Has.Count.EqualTo(1));
        Assert.That(snapshot.Errors.Single(), Does.Contain("service web").And.Contain("configuration").And.Contain("docker"));
    }

    [Test]
    public void Build_InvalidRuleForNewService_SkipsItWithErrorQuotingTheRule()
    {
        var snapshot = Build(Input(
            "docker",
            Service("web", "Host(`a.com`) &&", "http://10.0.0.5:8000"),
            Service("api", "PathPrefix(`/api`)", "http://10.0.0.9:8000")));

        Assert.That(snapshot.Services.Keys, Is.EqualTo(new[] { "api" }));
        Assert.That(snapshot.Errors.Single(), Does.StartWith("service web: ").And.Contain("\"Host(`a.com`) &&\""));
        Assert.That(_logger.Entries, Has.Some.Matches<TestLogEntry>(e => e!.Level == LogLevel.Error && e.EventId.Name == "InvalidService" && e.Message.Contains("web", StringComparison.Ordinal)));
    }

    [Test]
    public void Build_InvalidRuleForExistingService_KeepsThePreviousVersion()
    {
        var builder = CreateBuilder();
        var first = builder.Build([Input("docker", Service("web", "PathPrefix(`/app`)", "http://10.0.0.5:8000"))], RoutingSnapshot.Empty);

        var second = builder.Build([Input("docker", Service("web", "PathPrefix(`/app`", "http://10.0.0.6:8000"))], first);

        var web = second.Services["web"];
        Assert.That(web.Config, Is.SameAs(first.Services["web"].Config));
        Assert.That(web.Backends.Select(b => b.Id), Is.EqualTo(new[] { "http://10.0.0.5:8000" }));
        Assert.That(second.Routes.Entries.Single().Rule, Is.EqualTo("PathPrefix(`/app`)"));
        Assert.That(second.Errors, Has.Some.Contains("\"PathPrefix(`/app`\""));
        Assert.That(_logger.Entries, Has.Some.Matches<TestLogEntry>(e => e!.EventId.Name == "KeepingPreviousService" && e.Message.Contains("web", StringComparison.Ordinal)));
    }

    [Test]
    public void Build_UnknownPolicy_SkipsServiceWithErrorListingKnownPolicies()
    {
        var service = Service("web", null, "http://10.0.0.5:8000") with { LoadBalancingPolicy = "LeastTime" };

        var snapshot = Build(Input("docker", service));

        Assert.That(snapshot.Services, Is.Empty);
        Assert.That(snapshot.Errors.Single(), Does.Contain("'LeastTime'")
            .And.Contain(LoadBalancingPolicies.WeightedRoundRobin)
            .And.Contain(LoadBalancingPolicies.PowerOfTwoChoices));
    }

    [TestCase(null, "WeightedRoundRobin")]
    [TestCase("", "WeightedRoundRobin")]
    [TestCase("powerOfTwoChoices", "PowerOfTwoChoices")]
    [TestCase("WEIGHTEDROUNDROBIN", "WeightedRoundRobin")]
    public void Build_PolicyName_DefaultsAndIsCaseInsensitive(string? configured, string expected)
    {
        var service = Service("web", null, "http://10.0.0.5:8000") with { LoadBalancingPolicy = configured };

        var snapshot = Build(Input("docker", service));

        Assert.That(snapshot.Services["web"].PolicyName, Is.EqualTo(expected));
    }

    [Test]
    public void Build_DebugLog_ReadsLikeTraefiks()
    {
        var service = Sticky(Service("whoami-service", "PathPrefix:/", "http://10.0.0.5:8000")) with
        {
            Backends =
            [
                new BackendConfig { Url = "http://10.0.0.5:8000" },
                new BackendConfig { Url = "http://10.0.0.6:8000", Name = "whoami.2", Weight = 3, Draining = true },
            ],
        };

        Build(Input("docker", service));

        var debug = _logger.Entries.Where(e => e.Level == LogLevel.Debug).Select(e => e.Message).ToArray();
        Assert.That(debug, Does.Contain("Configuration received from provider docker: 1 services"));
        Assert.That(debug, Does.Contain("Creating service whoami-service with load-balancer WeightedRoundRobin and 2 servers"));
        Assert.That(debug, Does.Contain("Sticky session with cookie _a49bc for service whoami-service"));
        Assert.That(debug, Does.Contain("Creating server http://10.0.0.5:8000 at http://10.0.0.5:8000 with weight 1"));
        Assert.That(debug, Does.Contain("Creating server whoami.2 at http://10.0.0.6:8000 with weight 3 (draining)"));
        Assert.That(debug, Does.Contain("Creating route PathPrefix:/ to service whoami-service"));
        Assert.That(_logger.Entries, Has.None.Matches<TestLogEntry>(e => e!.Level >= LogLevel.Warning));
    }

    private SnapshotBuilder CreateBuilder(byte[]? secret = null) =>
        new([new WeightedRoundRobinPolicy(), new PowerOfTwoChoicesPolicy()], secret ?? [], _time, _logger);

    private RoutingSnapshot Build(params (string, ProviderSnapshot)[] inputs) => CreateBuilder().Build(inputs, RoutingSnapshot.Empty);

    private static (string, ProviderSnapshot) Input(string provider, params ServiceConfig[] services) =>
        (provider, new ProviderSnapshot { Services = services, ChangeToken = NeverChanges() });

    private static CancellationChangeToken NeverChanges() => new(CancellationToken.None);

    private static ServiceConfig Service(string name, string? rule, params string[] urls) => new()
    {
        Name = name,
        Rule = rule,
        Backends = [.. urls.Select(url => new BackendConfig { Url = url })],
    };

    private static ServiceConfig Sticky(ServiceConfig service) => service with { Affinity = new AffinityCookieConfig() };

    private static Microsoft.AspNetCore.Http.HttpRequest Request(string host, string path)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Headers.Host = host;
        context.Request.Path = path;
        return context.Request;
    }
}
