// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Host.Docker.Client.Models;

namespace Sticky.Host.Docker.Tests;

/// <summary>Builders for Engine API models, shaped like what Docker 20.10 returns.</summary>
internal static class DockerTestData
{
    public const string WhoamiNetId = "netwhoami000000000000001";
    public const string IngressNetId = "netingress00000000000001";
    public const string OtherNetId = "netother0000000000000001";

    /// <summary>The tutorial's labels, exactly.</summary>
    public static Dictionary<string, string> SeedLabels() => new()
    {
        ["traefik.docker.network"] = "whoaminet",
        ["traefik.port"] = "8000",
        ["traefik.frontend.rule"] = "PathPrefix:/",
        ["traefik.backend.loadbalancer.stickiness"] = "true",
    };

    public static List<DockerNetwork> Networks() =>
    [
        new DockerNetwork { Id = WhoamiNetId, Name = "whoaminet", Driver = "overlay", Scope = "swarm" },
        new DockerNetwork { Id = IngressNetId, Name = "ingress", Driver = "overlay", Scope = "swarm", Ingress = true },
        new DockerNetwork { Id = OtherNetId, Name = "othernet", Driver = "overlay", Scope = "swarm" },
    ];

    public static SwarmService Service(string id, string name, Dictionary<string, string>? labels, params string[] networkIds) => new()
    {
        ID = id,
        Spec = new ServiceSpec
        {
            Name = name,
            Labels = labels,
            TaskTemplate = new TaskTemplate { Networks = [.. networkIds.Select(static n => new NetworkAttachmentConfig { Target = n })] },
        },
        Endpoint = new ServiceEndpoint
        {
            VirtualIPs = [.. networkIds.Select((n, i) => new EndpointVirtualIP { NetworkID = n, Addr = $"10.0.{i + 1}.2/24" })],
        },
    };

    public static SwarmTask TaskOf(string id, string serviceId, int slot, string ip, string state = "running", string desired = "running", string networkId = WhoamiNetId) => new()
    {
        ID = id,
        ServiceID = serviceId,
        Slot = slot,
        NodeID = "node1",
        DesiredState = desired,
        Status = new SwarmTaskStatus { State = state },
        NetworksAttachments =
        [
            new TaskNetworkAttachment
            {
                Network = new SwarmNetwork { ID = networkId, Spec = new SwarmNetworkSpec { Name = networkId == WhoamiNetId ? "whoaminet" : "othernet" } },
                Addresses = [ip + "/24"],
            },
        ],
    };

    public static DockerInfo SwarmManager() => new()
    {
        Swarm = new SwarmInfo { LocalNodeState = "active", ControlAvailable = true, NodeID = "node1" },
    };
}
