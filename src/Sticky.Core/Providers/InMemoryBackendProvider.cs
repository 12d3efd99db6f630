// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Configuration;
using Sticky.Backends;

namespace Sticky.Providers;

/// <summary>
/// A provider whose services are set in code: call <see cref="Update"/> whenever your registry changes.
/// Register it with <c>AddSticky().AddProvider(...)</c> or as an <see cref="IBackendProvider"/> singleton.
/// </summary>
public sealed class InMemoryBackendProvider : IBackendProvider
{
    private readonly Lock _gate = new();
    private ProviderSnapshot _snapshot;
    private ConfigurationReloadToken _changed = new();

    /// <summary>Creates the provider with an initial list of services.</summary>
    /// <param name="services">The initial services.</param>
    /// <param name="name">The provider name shown in logs and the API.</param>
    public InMemoryBackendProvider(IReadOnlyList<ServiceConfig>? services = null, string name = "memory")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _snapshot = CreateSnapshot(services ?? [], _changed);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public ProviderSnapshot GetSnapshot() => Volatile.Read(ref _snapshot);

    /// <summary>Replaces every service of this provider; Sticky swaps its routing table shortly after.</summary>
    /// <param name="services">The complete new list of services.</param>
    public void Update(IReadOnlyList<ServiceConfig> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        ConfigurationReloadToken previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new ConfigurationReloadToken();
            Volatile.Write(ref _snapshot, CreateSnapshot([.. services], _changed));
        }

        // Fire outside the lock: listeners call GetSnapshot from the callback.
        previous.OnReload();
    }

    // ConfigurationReloadToken is a ready-made "fire once" change token; nothing here is configuration.
    private static ProviderSnapshot CreateSnapshot(IReadOnlyList<ServiceConfig> services, ConfigurationReloadToken token) => new()
    {
        Services = services,
        ChangeToken = token,
        UpdatedAt = DateTimeOffset.UtcNow,
    };
}
