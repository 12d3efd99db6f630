// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Providers;
using Sticky.Proxy;

namespace Sticky.Diagnostics;

/// <summary>
/// Follows the providers through <see cref="RoutingState.Changed"/>: each rebuild re-reads their snapshots
/// (cheap: providers hand out a prebuilt one) and counts the new ones and the failed ones.
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
            for (var i = 0; i < _entries.Length; i++)
            {
                statuses[i] = _entries[i].Observe();
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

        public ProviderStatus Observe()
        {
            try
            {
                var snapshot = provider.GetSnapshot();
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
