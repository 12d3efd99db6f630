// Licensed under the MIT License. See LICENSE in the repository root.

using Moq;
using Sticky.Host.Docker.Client;
using Sticky.Host.Docker.Client.Models;
using Sticky.Host.Docker.Discovery;
using static Sticky.Host.Docker.Tests.DockerTestData;

namespace Sticky.Host.Docker.Tests;

[TestFixture]
public sealed class SwarmDiscoveryTests
{
    private Mock<IDockerApi> _api = null!;
    private List<SwarmService> _services = null!;
    private List<SwarmTask> _tasks = null!;

    [SetUp]
    public void SetUp()
    {
        _services = [];
        _tasks = [];
        _api = new Mock<IDockerApi>();
        _api.SetupGet(a => a.Endpoint).Returns("unix:///var/run/docker.sock");
        _api.Setup(a => a.GetInfoAsync(It.IsAny<CancellationToken>())).ReturnsAsync(SwarmManager());
        _api.Setup(a => a.ListServicesAsync(It.IsAny<CancellationToken>())).ReturnsAsync(() => _services);
        _api.Setup(a => a.ListNetworksAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Networks());
        _api.Setup(a => a.ListTasksAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => _tasks);
    }

    [Test]
    public async Task ListAsync_SeedService_RunningTasksOnLabelledNetwork()
    {
        _services.Add(Service("svc1", "whoami-service", SeedLabels(), IngressNetId, WhoamiNetId));
        _tasks.Add(TaskOf("t1", "svc1", 1, "10.0.0.5"));
        _tasks.Add(TaskOf("t2", "svc1", 2, "10.0.0.4"));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.Errors, Is.Empty);
        var service = listing.Services.Single();
        Assert.Multiple(() =>
        {
            Assert.That(service.Name, Is.EqualTo("whoami-service"));
            Assert.That(service.Rule, Is.EqualTo("PathPrefix:/"));
            Assert.That(service.Affinity, Is.Not.Null);
            Assert.That(service.Backends.Select(static b => b.Url), Is.EqualTo(new[] { "http://10.0.0.4:8000", "http://10.0.0.5:8000" }));
            Assert.That(service.Backends.Select(static b => b.Name), Is.EqualTo(new[] { "whoami-service.2.t2", "whoami-service.1.t1" }));
            Assert.That(service.Backends.All(static b => b.Weight == 1 && !b.Draining), Is.True);
        });
    }

    [Test]
    public async Task ListAsync_TaskBeingRetiredStillRunning_DrainingBackend()
    {
        _services.Add(Service("svc1", "whoami-service", SeedLabels(), WhoamiNetId));
        _tasks.Add(TaskOf("t1", "svc1", 1, "10.0.0.5"));
        _tasks.Add(TaskOf("t2", "svc1", 2, "10.0.0.4", desired: "remove"));
        _tasks.Add(TaskOf("t3", "svc1", 3, "10.0.0.3", desired: "shutdown"));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        var draining = listing.Services.Single().Backends.Where(static b => b.Draining).Select(static b => b.Url);
        Assert.That(draining, Is.EquivalentTo(new[] { "http://10.0.0.4:8000", "http://10.0.0.3:8000" }));
    }

    [Test]
    public async Task ListAsync_AllTasksRunning_NothingPending()
    {
        _services.Add(Service("svc1", "whoami-service", SeedLabels(), WhoamiNetId));
        _tasks.Add(TaskOf("t1", "svc1", 1, "10.0.0.5"));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.HasPendingTasks, Is.False);
    }

    [Test]
    public async Task ListAsync_RetiredTaskStillRunning_PendingSoTheDrainIsFollowedClosely()
    {
        _services.Add(Service("svc1", "whoami-service", SeedLabels(), WhoamiNetId));
        _tasks.Add(TaskOf("t1", "svc1", 1, "10.0.0.5"));
        _tasks.Add(TaskOf("t2", "svc1", 2, "10.0.0.4", desired: "shutdown"));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.HasPendingTasks, Is.True);
    }

    [TestCase("updating", true)]
    [TestCase("rollback_started", true)]
    [TestCase("completed", false)]
    public async Task ListAsync_RollingUpdateState_PendingWhileItRuns(string state, bool pending)
    {
        _services.Add(Service("svc1", "whoami-service", SeedLabels(), WhoamiNetId) with { UpdateStatus = new ServiceUpdateStatus { State = state } });
        _tasks.Add(TaskOf("t1", "svc1", 1, "10.0.0.5"));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.HasPendingTasks, Is.EqualTo(pending));
    }

    [Test]
    public async Task ListAsync_TasksNotRunning_ExcludedAndStartingOnesFlagged()
    {
        _services.Add(Service("svc1", "whoami-service", SeedLabels(), WhoamiNetId));
        _tasks.Add(TaskOf("t1", "svc1", 1, "10.0.0.5"));
        _tasks.Add(TaskOf("t2", "svc1", 2, "10.0.0.6", state: "starting"));
        _tasks.Add(TaskOf("t3", "svc1", 3, "10.0.0.7", state: "failed", desired: "shutdown"));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.Services.Single().Backends.Select(static b => b.Url), Is.EqualTo(new[] { "http://10.0.0.5:8000" }));
        Assert.That(listing.HasPendingTasks, Is.True);
    }

    [Test]
    public async Task ListAsync_WeightLabel_AppliesToEveryTask()
    {
        var labels = SeedLabels();
        labels["traefik.weight"] = "5";
        _services.Add(Service("svc1", "whoami-service", labels, WhoamiNetId));
        _tasks.Add(TaskOf("t1", "svc1", 1, "10.0.0.5"));
        _tasks.Add(TaskOf("t2", "svc1", 2, "10.0.0.4"));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.Services.Single().Backends.Select(static b => b.Weight), Is.All.EqualTo(5));
    }

    [Test]
    public async Task ListAsync_SwarmLoadBalancerLabel_VirtualIpBackendAndStickinessWarning()
    {
        var labels = SeedLabels();
        labels["traefik.backend.loadbalancer.swarm"] = "true";
        _services.Add(Service("svc1", "whoami-service", labels, WhoamiNetId));
        _tasks.Add(TaskOf("t1", "svc1", 1, "10.0.0.5"));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.Services.Single().Backends.Single().Url, Is.EqualTo("http://10.0.1.2:8000"));
        Assert.That(listing.Warnings, Has.One.Contains("meaningless"));
    }

    [Test]
    public async Task ListAsync_BadLabelOnOneService_OnlyThatServiceSkipped()
    {
        var bad = SeedLabels();
        bad["traefik.port"] = "eighty";
        _services.Add(Service("svc1", "whoami-service", SeedLabels(), WhoamiNetId));
        _services.Add(Service("svc2", "broken", bad, WhoamiNetId));
        _tasks.Add(TaskOf("t1", "svc1", 1, "10.0.0.5"));
        _tasks.Add(TaskOf("t2", "svc2", 1, "10.0.0.9"));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.Services.Select(static s => s.Name), Is.EqualTo(new[] { "whoami-service" }));
        Assert.That(listing.Errors.Single(), Is.EqualTo(new Sticky.Host.Docker.Labels.LabelError("broken", "traefik.port", "eighty", "not a whole number")));
    }

    [Test]
    public async Task ListAsync_TraefikLabelsWithoutPort_ErrorNamesPortLabel()
    {
        _services.Add(Service("svc1", "api", new Dictionary<string, string> { ["traefik.frontend.rule"] = "PathPrefix:/api" }, WhoamiNetId));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.Services, Is.Empty);
        Assert.That(listing.Errors.Single().Label, Is.EqualTo("traefik.port"));
    }

    [Test]
    public async Task ListAsync_ServiceWithoutLabels_SilentlyIgnored()
    {
        _services.Add(Service("svc1", "sticky", labels: null, WhoamiNetId));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.Services, Is.Empty);
        Assert.That(listing.Errors, Is.Empty);
    }

    [Test]
    public async Task ListAsync_DisabledService_NotListedAndTasksNotRead()
    {
        var labels = SeedLabels();
        labels["traefik.enable"] = "false";
        _services.Add(Service("svc1", "whoami-service", labels, WhoamiNetId));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.Services, Is.Empty);
        _api.Verify(a => a.ListTasksAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task ListAsync_BalancerContainerSharesOneNetwork_UsesIt()
    {
        var labels = SeedLabels();
        labels.Remove("traefik.docker.network");
        _services.Add(Service("svc1", "whoami-service", labels, OtherNetId, WhoamiNetId));
        _tasks.Add(TaskOf("t1", "svc1", 1, "10.0.0.5"));
        _api.Setup(a => a.InspectContainerAsync("abc123", It.IsAny<CancellationToken>())).ReturnsAsync(new ContainerInspect
        {
            Id = "abc123def456",
            NetworkSettings = new ContainerNetworkSettings
            {
                Networks = new() { ["whoaminet"] = new ContainerEndpoint { NetworkID = WhoamiNetId, IPAddress = "10.0.0.9" } },
            },
        });

        var listing = await Discovery(hostname: "abc123").ListAsync(CancellationToken.None);

        Assert.That(listing.Warnings, Is.Empty);
        Assert.That(listing.Services.Single().Backends.Single().Url, Is.EqualTo("http://10.0.0.5:8000"));
    }

    [Test]
    public async Task ListAsync_DaemonNotInSwarm_ClearError()
    {
        _api.Setup(a => a.GetInfoAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new DockerInfo { Swarm = new SwarmInfo { LocalNodeState = "inactive" } });

        var ex = await Assert.ThrowsAsync<DockerApiException>(() => Discovery().ListAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("not part of a swarm").And.Contain("docker swarm init"));
    }

    [Test]
    public async Task ListAsync_DaemonIsWorker_ClearError()
    {
        _api.Setup(a => a.GetInfoAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new DockerInfo { Swarm = new SwarmInfo { LocalNodeState = "active", ControlAvailable = false } });

        var ex = await Assert.ThrowsAsync<DockerApiException>(() => Discovery().ListAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("worker").And.Contain("node.role == manager"));
    }

    private DockerDiscovery Discovery(string? hostname = null) =>
        new(_api.Object, new DockerProviderOptions { SwarmMode = true }, hostname);
}
