// Licensed under the MIT License. See LICENSE in the repository root.

using Moq;
using Sticky.Host.Docker.Client;
using Sticky.Host.Docker.Client.Models;
using Sticky.Host.Docker.Discovery;

namespace Sticky.Host.Docker.Tests;

[TestFixture]
public sealed class ContainerDiscoveryTests
{
    private Mock<IDockerApi> _api = null!;
    private List<ContainerSummary> _containers = null!;

    [SetUp]
    public void SetUp()
    {
        _containers = [];
        _api = new Mock<IDockerApi>();
        _api.Setup(a => a.ListContainersAsync(It.IsAny<CancellationToken>())).ReturnsAsync(() => _containers);
    }

    [Test]
    public async Task ListAsync_ContainersWithSameBackendLabel_OneServiceWithOwnWeights()
    {
        _containers.Add(Container("web1", "10.1.0.2", new() { ["traefik.backend"] = "web", ["traefik.port"] = "80", ["traefik.weight"] = "2" }));
        _containers.Add(Container("web2", "10.1.0.3", new() { ["traefik.backend"] = "web", ["traefik.port"] = "80" }));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        var service = listing.Services.Single();
        Assert.That(service.Name, Is.EqualTo("web"));
        Assert.That(service.Backends.Select(static b => (b.Url, b.Weight)), Is.EqualTo(new[] { ("http://10.1.0.2:80", 2), ("http://10.1.0.3:80", 1) }));
    }

    [Test]
    public async Task ListAsync_ComposeContainers_GroupedByServiceAndProject()
    {
        var compose = new Dictionary<string, string> { ["com.docker.compose.service"] = "web", ["com.docker.compose.project"] = "shop" };
        _containers.Add(Container("shop-web-1", "10.1.0.2", new(compose), port: 8080));
        _containers.Add(Container("shop-web-2", "10.1.0.3", new(compose), port: 8080));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.Services.Single().Name, Is.EqualTo("web_shop"));
        Assert.That(listing.Services.Single().Backends, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task ListAsync_SingleExposedPortWithoutLabel_UsesIt()
    {
        _containers.Add(Container("whoami", "10.1.0.2", [], port: 8000));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.Services.Single().Backends.Single().Url, Is.EqualTo("http://10.1.0.2:8000"));
    }

    [Test]
    public async Task ListAsync_LabelledContainerWithoutPort_Error()
    {
        _containers.Add(Container("app", "10.1.0.2", new() { ["traefik.frontend.rule"] = "PathPrefix:/" }, port: null));

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.Services, Is.Empty);
        Assert.That(listing.Errors.Single().Label, Is.EqualTo("traefik.port"));
    }

    [Test]
    public async Task ListAsync_OwnContainerUnlabelled_NotAnError()
    {
        var own = Container("sticky", "10.1.0.9", [], port: null) with
        {
            Ports = [new ContainerPort { PrivatePort = 80, Type = "tcp" }, new ContainerPort { PrivatePort = 8080, Type = "tcp" }],
        };
        _containers.Add(own);

        var listing = await Discovery().ListAsync(CancellationToken.None);

        Assert.That(listing.Services, Is.Empty);
        Assert.That(listing.Errors, Is.Empty);
    }

    private DockerDiscovery Discovery() => new(_api.Object, new DockerProviderOptions { SwarmMode = false }, hostname: null);

    private static ContainerSummary Container(string name, string ip, Dictionary<string, string> labels, int? port = 80) => new()
    {
        Id = name + "0123456789abcdef",
        Names = ["/" + name],
        State = "running",
        Labels = labels,
        Ports = port is { } p ? [new ContainerPort { PrivatePort = p, Type = "tcp" }] : [],
        NetworkSettings = new ContainerNetworkSettings
        {
            Networks = new() { ["appnet"] = new ContainerEndpoint { NetworkID = "net-app", IPAddress = ip } },
        },
    };
}
