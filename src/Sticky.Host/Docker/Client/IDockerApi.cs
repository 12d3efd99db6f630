// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Host.Docker.Client.Models;

namespace Sticky.Host.Docker.Client;

/// <summary>
/// The Engine API calls the Docker provider makes. The seam that stands for the daemon in unit tests;
/// <see cref="DockerApiClient"/> is the only real implementation.
/// </summary>
internal interface IDockerApi
{
    /// <summary>The daemon address, for messages.</summary>
    string Endpoint { get; }

    Task<DockerVersion> GetVersionAsync(CancellationToken cancellationToken);

    Task<DockerInfo> GetInfoAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<SwarmService>> ListServicesAsync(CancellationToken cancellationToken);

    /// <summary>Lists tasks; each filter is skipped when <see langword="null"/> or empty.</summary>
    /// <param name="serviceIds">Only tasks of these services (IDs or names).</param>
    /// <param name="desiredStates"><c>running</c>, <c>shutdown</c> or <c>accepted</c> (the values the daemon accepts).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<SwarmTask>> ListTasksAsync(
        IReadOnlyCollection<string>? serviceIds,
        IReadOnlyCollection<string>? desiredStates,
        CancellationToken cancellationToken);

    Task<IReadOnlyList<DockerNetwork>> ListNetworksAsync(CancellationToken cancellationToken);

    /// <summary>Lists the running containers with their labels and networks.</summary>
    Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(CancellationToken cancellationToken);

    /// <summary>Inspects a container by ID, ID prefix or name; <see langword="null"/> when there is none.</summary>
    Task<ContainerInspect?> InspectContainerAsync(string idOrName, CancellationToken cancellationToken);

    /// <summary>
    /// Streams the daemon's events of the given types (<c>service</c>, <c>container</c>, <c>network</c>) until
    /// the daemon closes the stream (the sequence ends) or the connection breaks (it throws).
    /// </summary>
    IAsyncEnumerable<DockerEvent> MonitorEventsAsync(IReadOnlyCollection<string> types, CancellationToken cancellationToken);
}
