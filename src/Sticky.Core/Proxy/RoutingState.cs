// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Sticky.Balancing;
using Sticky.Configuration;
using Sticky.Providers;

namespace Sticky.Proxy;

/// <summary>
/// Owns the current <see cref="RoutingSnapshot"/>: loads every provider at start, rebuilds when any
/// provider's change token fires, and publishes the result with one reference write.
/// </summary>
internal sealed partial class RoutingState : IHostedService, IDisposable
{
    private readonly IBackendProvider[] _providers;
    private readonly SnapshotBuilder _builder;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RoutingState> _logger;
    private readonly Lock _rebuildGate = new();
    private readonly List<IDisposable> _subscriptions = [];
    private static readonly TimeSpan s_providerRetryDelay = TimeSpan.FromSeconds(5);

    private RoutingSnapshot _current = RoutingSnapshot.Empty;
    private ProviderSnapshot?[] _providerSnapshots = [];
    private int _rebuildPending;
    private ITimer? _drainTimer;
    private bool _stopped;

    public RoutingState(
        IEnumerable<IBackendProvider> providers,
        IEnumerable<ILoadBalancingPolicy> policies,
        IOptions<StickyOptions> options,
        TimeProvider timeProvider,
        ILogger<RoutingState> logger)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(options);
        _providers = [.. providers];
        _timeProvider = timeProvider;
        _logger = logger;
        var secret = options.Value.AffinitySecret is { Length: > 0 } text ? Encoding.UTF8.GetBytes(text) : [];
        _builder = new SnapshotBuilder(policies, secret, timeProvider, logger, options.Value.AcceptTraefikCookies, options.Value.Health.DrainTimeout);
    }

    /// <summary>The snapshot requests read. Never null; empty until the first load.</summary>
    public RoutingSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Raised after a new snapshot is published (on the thread that built it).</summary>
    public event Action<RoutingSnapshot>? Changed;

    /// <summary>How long the last rebuild took to read the providers and build its snapshot (listeners not included).</summary>
    public TimeSpan LastBuildDuration { get; private set; }

    /// <summary>The providers and what each last reported, for the API.</summary>
    public IReadOnlyList<IBackendProvider> Providers => _providers;

    /// <summary>
    /// The snapshot each provider gave the last rebuild, in the order of <see cref="Providers"/>; null for one that
    /// threw, empty before the first rebuild. Readers use these instead of asking providers again: some
    /// (configuration) re-read on every call.
    /// </summary>
    public IReadOnlyList<ProviderSnapshot?> ProviderSnapshots => Volatile.Read(ref _providerSnapshots);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Rebuild();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_rebuildGate)
        {
            _stopped = true;
            DisposeSubscriptions();
            _drainTimer?.Dispose();
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_rebuildGate)
        {
            _stopped = true;
            DisposeSubscriptions();
            _drainTimer?.Dispose();
        }
    }

    /// <summary>Reads every provider and publishes a new snapshot. Serialized: one build at a time.</summary>
    internal void Rebuild()
    {
        lock (_rebuildGate)
        {
            if (_stopped)
            {
                return;
            }

            var started = _timeProvider.GetTimestamp();
            DisposeSubscriptions();
            var inputs = new List<(string, ProviderSnapshot)>(_providers.Length);
            var snapshots = new ProviderSnapshot?[_providers.Length];
            for (var i = 0; i < _providers.Length; i++)
            {
                var provider = _providers[i];
                ProviderSnapshot snapshot;
                try
                {
                    snapshot = provider.GetSnapshot();
                    snapshots[i] = snapshot;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A provider that throws keeps its services from the current snapshot.
                    Log.ProviderFailed(_logger, provider.Name, ex);
                    snapshot = KeepCurrent(provider.Name, ex);
                }

                inputs.Add((provider.Name, snapshot));
                _subscriptions.Add(snapshot.ChangeToken.RegisterChangeCallback(static state => ((RoutingState)state!).RequestRebuild(), this));
            }

            var read = _timeProvider.GetTimestamp();
            var next = _builder.Build(inputs, Current);
            Volatile.Write(ref _providerSnapshots, snapshots);
            Volatile.Write(ref _current, next);
            var built = _timeProvider.GetTimestamp();
            LastBuildDuration = _timeProvider.GetElapsedTime(started, built);
            ScheduleDrainExpiry(next.NextDrainExpiry);
            NotifyChanged(next);
            var backendCount = 0;
            foreach (var service in next.Services.Values)
            {
                backendCount += service.Backends.Length;
            }

            // Three figures, so a slow swap shows which part to look at: the providers, the build, or the listeners
            // (health checks, metrics, the change log).
            Log.RoutingTableUpdated(
                _logger,
                next.Generation,
                next.Services.Count,
                backendCount,
                LastBuildDuration.TotalMilliseconds,
                _timeProvider.GetElapsedTime(started, read).TotalMilliseconds,
                _timeProvider.GetElapsedTime(built).TotalMilliseconds);
        }
    }

    /// <summary>
    /// Starts draining a backend at an operator's request: it keeps its pinned clients and gets no new ones,
    /// until the drain timeout. Returns false when the service or backend does not exist.
    /// </summary>
    public bool Drain(string service, string backendId)
    {
        if (!Current.Services.TryGetValue(service, out var runtime))
        {
            return false;
        }

        foreach (var backend in runtime.Backends)
        {
            if (string.Equals(backend.Id, backendId, StringComparison.Ordinal))
            {
                if (backend.State.RequestDrain())
                {
                    Log.DrainRequested(_logger, service, backendId);
                    RequestRebuild();
                }

                return true;
            }
        }

        return false;
    }

    // Each listener (health checks, metrics, the change log) is told even if another one throws.
    private void NotifyChanged(RoutingSnapshot snapshot)
    {
        if (Changed is not { } changed)
        {
            return;
        }

        foreach (var listener in changed.GetInvocationList())
        {
            try
            {
                ((Action<RoutingSnapshot>)listener)(snapshot);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.ChangedListenerFailed(_logger, listener.Method.DeclaringType?.Name ?? "?", ex);
            }
        }
    }

    private void ScheduleDrainExpiry(DateTimeOffset? expiry)
    {
        _drainTimer?.Dispose();
        _drainTimer = null;
        if (expiry is { } at)
        {
            var due = at - _timeProvider.GetUtcNow();
            _drainTimer = _timeProvider.CreateTimer(static state => ((RoutingState)state!).RequestRebuild(), this, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }
    }

    // Change callbacks run on whatever thread fired the token (a file watcher, a provider's Update call).
    // Queue the rebuild instead, and coalesce a burst of changes into one build.
    private void RequestRebuild()
    {
        if (Interlocked.Exchange(ref _rebuildPending, 1) == 0)
        {
            // A thread of its own, not the thread pool: rebuilding 10,000 backends takes a few hundred
            // milliseconds of CPU, and in a one-CPU container the pool starts with a single worker, so a pool
            // thread busy rebuilding stalled every request behind it (p99 went from 3 ms to 1.7 s in the load
            // benchmark). On its own thread the OS shares the core between the build and the requests.
            new Thread(static state => ((RoutingState)state!).RebuildPending())
            {
                IsBackground = true,
                Name = "Sticky routing rebuild",
            }.Start(this);
        }
    }

    private void RebuildPending()
    {
        Volatile.Write(ref _rebuildPending, 0);
        try
        {
            Rebuild();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Never let a bad configuration kill the process: the current snapshot keeps serving.
            Log.RebuildFailed(_logger, ex);
        }
    }

    private ProviderSnapshot KeepCurrent(string providerName, Exception error)
    {
        var services = new List<Backends.ServiceConfig>();
        foreach (var service in Current.Services.Values)
        {
            if (service.ProviderName == providerName)
            {
                services.Add(service.Config);
            }
        }

        // Ask the failing provider again in a few seconds. The timer goes with the other subscriptions, so a
        // rebuild that happens first (another provider changed) disposes it instead of leaving it to run.
        var retry = new CancellationTokenSource(s_providerRetryDelay, _timeProvider);
        _subscriptions.Add(retry);
        return new ProviderSnapshot { Services = services, ChangeToken = new CancellationChangeToken(retry.Token), Error = error.Message };
    }

    private void DisposeSubscriptions()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        _subscriptions.Clear();
    }
}
