// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Primitives;
using Sticky.Backends;

namespace Sticky.Providers;

/// <summary>What one provider reports at one point in time.</summary>
public sealed record ProviderSnapshot
{
    /// <summary>The services the provider knows. Names must be unique within a provider.</summary>
    public required IReadOnlyList<ServiceConfig> Services { get; init; }

    /// <summary>Fires when the provider has a newer snapshot.</summary>
    public required IChangeToken ChangeToken { get; init; }

    /// <summary>When the provider last refreshed successfully.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The last refresh error, if the provider is serving stale data because of it.</summary>
    public string? Error { get; init; }
}
