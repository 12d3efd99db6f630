// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Host.Docker.Discovery;

/// <summary>The difference between two listings.</summary>
internal sealed record ListingChanges
{
    public static readonly ListingChanges None = new();

    public IReadOnlyList<ServiceConfig> AddedServices { get; init; } = [];

    public IReadOnlyList<ServiceConfig> RemovedServices { get; init; } = [];

    /// <summary>Services present in both whose settings (rule, cookie, health, policy...) changed.</summary>
    public IReadOnlyList<ServiceConfig> ChangedServices { get; init; } = [];

    /// <summary>Backends of services present in both listings.</summary>
    public IReadOnlyList<BackendChange> AddedBackends { get; init; } = [];

    public IReadOnlyList<BackendChange> RemovedBackends { get; init; } = [];

    public IReadOnlyList<BackendChange> ChangedBackends { get; init; } = [];

    public bool IsEmpty =>
        AddedServices.Count == 0 && RemovedServices.Count == 0 && ChangedServices.Count == 0
        && AddedBackends.Count == 0 && RemovedBackends.Count == 0 && ChangedBackends.Count == 0;
}
