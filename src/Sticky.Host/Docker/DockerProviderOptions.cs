// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker;

/// <summary>
/// Settings of the Docker provider. The names follow Traefik v1's <c>--docker.*</c> flags
/// (<c>--docker.endpoint</c>, <c>--docker.swarmmode</c>, <c>--docker.watch</c>, <c>--docker.exposedbydefault</c>,
/// <c>--docker.network</c>).
/// </summary>
public sealed record DockerProviderOptions
{
    /// <summary>
    /// The daemon: <c>unix:///var/run/docker.sock</c> or <c>tcp://host:2376</c>. <see langword="null"/> uses
    /// <c>DOCKER_HOST</c>, else <c>unix:///var/run/docker.sock</c>.
    /// </summary>
    public string? Endpoint { get; init; }

    /// <summary>
    /// The folder holding <c>ca.pem</c>, <c>cert.pem</c> and <c>key.pem</c> for a TLS endpoint;
    /// <see langword="null"/> uses <c>DOCKER_CERT_PATH</c>.
    /// </summary>
    public string? TlsCertPath { get; init; }

    /// <summary>Whether to use TLS on a <c>tcp://</c> endpoint; <see langword="null"/> follows <c>DOCKER_TLS_VERIFY</c>.</summary>
    public bool? TlsVerify { get; init; }

    /// <summary>
    /// Read Swarm services and their tasks (the balancer must run on a manager) instead of containers.
    /// Defaults to <see langword="false"/>, as in Traefik.
    /// </summary>
    public bool SwarmMode { get; init; }

    /// <summary>Follow the daemon's events and re-read on every change. Defaults to <see langword="true"/>.</summary>
    public bool Watch { get; init; } = true;

    /// <summary>
    /// Route to services that have no enable label (<c>sticky.enable</c> / <c>traefik.enable</c>).
    /// Defaults to <see langword="true"/>, as in Traefik v1.
    /// </summary>
    public bool ExposedByDefault { get; init; } = true;

    /// <summary>
    /// The network to reach services on when their labels name none and they are attached to it.
    /// </summary>
    public string? Network { get; init; }

    /// <summary>
    /// A full re-read at this interval while watching, in case an event was missed (events of tasks on
    /// other nodes never reach this daemon). Defaults to 15 seconds, Traefik's swarm refresh.
    /// </summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long to wait after an event for more of the same burst before re-reading (a scale to 10
    /// sends dozens). Defaults to 200 ms.
    /// </summary>
    public TimeSpan EventDebounce { get; init; } = TimeSpan.FromMilliseconds(200);
}
