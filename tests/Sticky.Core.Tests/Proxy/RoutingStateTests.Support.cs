// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Balancing;
using Sticky.Configuration;
using Sticky.Providers;
using Sticky.TestInfrastructure;

namespace Sticky.Proxy.Tests;

public sealed partial class RoutingStateTests
{
    /// <summary>Records every snapshot <see cref="RoutingState.Changed"/> publishes and waits for one that fits.</summary>
    private sealed class SnapshotWatcher : IDisposable
    {
        private readonly RoutingState _state;
        private readonly ConcurrentQueue<RoutingSnapshot> _snapshots = new();
        private readonly SemaphoreSlim _published = new(0);

        public SnapshotWatcher(RoutingState state)
        {
            _state = state;
            _state.Changed += OnChanged;
        }

        public int Count => _snapshots.Count;

        public IReadOnlyList<RoutingSnapshot> Snapshots => [.. _snapshots];

        public async Task<RoutingSnapshot> WaitForAsync(Func<RoutingSnapshot, bool> condition)
        {
            var elapsed = Stopwatch.StartNew();
            while (true)
            {
                var current = _state.Current;
                if (condition(current))
                {
                    return current;
                }

                var left = s_timeout - elapsed.Elapsed;
                if (left <= TimeSpan.Zero || !await _published.WaitAsync(left))
                {
                    throw new TimeoutException($"No routing snapshot fit within {s_timeout}; the current one is generation {current.Generation}.");
                }
            }
        }

        public bool WaitForAny(TimeSpan timeout) => _published.Wait(timeout);

        public void Dispose()
        {
            _state.Changed -= OnChanged;
            _published.Dispose();
        }

        private void OnChanged(RoutingSnapshot snapshot)
        {
            _snapshots.Enqueue(snapshot);
            _published.Release();
        }
    }

    /// <summary>A provider that can be told to throw, standing for a registry that goes away.</summary>
    private sealed class FlakyProvider(string name, params ServiceConfig[] services) : IBackendProvider
    {
        private ConfigurationReloadToken _token = new();
        private int _calls;

        public string Name => name;

        public Exception? Failure { get; set; }

        public IReadOnlyList<ServiceConfig> Services { get; set; } = services;

        public int Calls => Volatile.Read(ref _calls);

        public ProviderSnapshot GetSnapshot()
        {
            Interlocked.Increment(ref _calls);
            if (Failure is { } failure)
            {
                throw failure;
            }

            return new ProviderSnapshot { Services = Services, ChangeToken = _token };
        }

        public void SignalChange()
        {
            var previous = Interlocked.Exchange(ref _token, new ConfigurationReloadToken());
            previous.OnReload();
        }
    }
}
