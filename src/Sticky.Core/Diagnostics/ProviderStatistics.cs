// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Providers;
using Sticky.Proxy;

namespace Sticky.Diagnostics;

/// <summary>
/// Follows the providers through <see cref="RoutingState.Changed"/>: after each rebuild it looks at the
/// snapshots that rebuild used (<see cref="RoutingState.ProviderSnapshots"/>) and counts the new ones and the
/// failed ones. It never asks a provider itself once a rebuild has run: the configuration provider re-reads
/// its whole section on every call, which for 10,000 backends doubled the cost of a swap.
/// </summary>
internal sealed class ProviderStatistics : IDisposable
{
    private readonly RoutingState _state;
    private readonly Lock _gate = new();
    private readonly Entry[] _entries;
    private ProviderStatus[] _current;

    public ProviderStatistics(RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        _entries = new Entry[state.Providers.Count];
        for (var i = 0; i < _entries.Length; i++)
        {
            _entries[i] = new Entry(state.Providers[i]);
        }

        _current = [];
        Observe();
        state.Changed += OnChanged;
    }

    /// <summary>The status of every provider, in registration order.</summary>
    public IReadOnlyList<ProviderStatus> Current => Volatile.Read(ref _current);

    public void Dispose() => _state.Changed -= OnChanged;

    private void OnChanged(RoutingSnapshot snapshot) => Observe();

    private void Observe()
    {
        lock (_gate)
        {
            var statuses = new ProviderStatus[_entries.Length];
            var known = _state.ProviderSnapshots;
            for (var i = 0; i < _entries.Length; i++)
            {
                statuses[i] = _entries[i].Observe(i < known.Count ? known[i] : null);
            }

            Volatile.Write(ref _current, statuses);
        }
    }

    private sealed class Entry(IBackendProvider provider)
    {
        private ProviderSnapshot? _last;
        private long _refreshes;
        private long _errors;
        private string? _error;

        /// <summary>Counts <paramref name="known"/>, or before the first rebuild what the provider has now.</summary>
        public ProviderStatus Observe(ProviderSnapshot? known)
        {
            try
            {
                var snapshot = known ?? provider.GetSnapshot();
                if (!ReferenceEquals(snapshot, _last))
                {
                    _last = snapshot;
                    _refreshes++;
                    if (snapshot.Error is not null)
                    {
                        _errors++;
                    }
                }

                _error = snapshot.Error;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // RoutingState already logged it and keeps the provider's last services.
                _errors++;
                _error = ex.Message;
            }

            return new ProviderStatus(provider.Name, _last?.UpdatedAt, _error, _last?.Services.Count ?? 0, _refreshes, _errors);
        }
    }
}
