// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sticky.Backends;
using Sticky.Proxy;

namespace Sticky.Health;

/// <summary>
/// Runs the active health checks: one <see cref="BackendProber"/> per backend of every service that has a
/// <see cref="HealthCheckConfig"/>, reconciled with each routing snapshot. Probes use their own connection pool,
/// off the request path.
/// </summary>
internal sealed partial class ActiveHealthChecker : IHostedService, IDisposable
{
    private readonly RoutingState _routing;
    private readonly BackendHealthTracker _tracker;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ActiveHealthChecker> _logger;
    private readonly Action<RoutingSnapshot> _onChanged;
    private readonly Lock _gate = new();
    private readonly Dictionary<BackendState, BackendProber> _probers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, HealthCheckConfig> _services = new(StringComparer.Ordinal);
    private HttpMessageInvoker? _invoker;
    private long _generation = -1;
    private bool _stopped;

    public ActiveHealthChecker(RoutingState routing, BackendHealthTracker tracker, TimeProvider timeProvider, ILogger<ActiveHealthChecker> logger)
    {
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _routing = routing;
        _tracker = tracker;
        _timeProvider = timeProvider;
        _logger = logger;
        _onChanged = OnRoutingChanged;
    }

    /// <summary>How many backends are probed right now.</summary>
    public int ProbedBackendCount
    {
        get
        {
            lock (_gate)
            {
                return _probers.Count;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribe before reading Current, so no snapshot published in between is missed.
        _routing.Changed += _onChanged;
        Reconcile(_routing.Current);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _routing.Changed -= _onChanged;
        var running = StopProbers();
        try
        {
            await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout passed; probes were cancelled anyway.
        }
    }

    public void Dispose()
    {
        _routing.Changed -= _onChanged;
        StopProbers();
        lock (_gate)
        {
            _invoker?.Dispose();
            _invoker = null;
        }
    }

    /// <summary>Completes when the probes in flight right now have finished and counted. For tests.</summary>
    internal Task WhenProbesCompleteAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_probers.Values.Select(static p => p.Current));
        }
    }

    /// <summary>Starts probing new backends, stops probing gone ones; the others keep their state.</summary>
    internal void Reconcile(RoutingSnapshot snapshot)
    {
        lock (_gate)
        {
            // Changed and StartAsync may race; never go back to an older snapshot.
            if (_stopped || snapshot.Generation <= _generation)
            {
                return;
            }

            _generation = snapshot.Generation;
            var wanted = new Dictionary<BackendState, (Backend Backend, HealthCheckConfig Config)>(ReferenceEqualityComparer.Instance);
            foreach (var service in snapshot.Services.Values)
            {
                if (service.Config.HealthCheck is { } config)
                {
                    foreach (var backend in service.Backends)
                    {
                        wanted[backend.State] = (backend, config);
                    }
                }
            }

            StopUnwanted(snapshot, wanted);
            foreach (var (state, (backend, config)) in wanted)
            {
                if (_probers.TryGetValue(state, out var prober))
                {
                    prober.Update(backend, config);
                    continue;
                }

                _invoker ??= CreateInvoker(_tracker.Options.ProbeConnectTimeout);
                prober = new BackendProber(_tracker.GetOrCreate(backend), ProbeTarget.Create(backend, config), _invoker, _timeProvider, _tracker.Options.ProbeJitter, _logger);
                _probers.Add(state, prober);
                prober.Start();
            }

            LogServiceChanges(snapshot);
        }
    }

    private void StopUnwanted(RoutingSnapshot snapshot, Dictionary<BackendState, (Backend Backend, HealthCheckConfig Config)> wanted)
    {
        List<BackendState>? gone = null;
        foreach (var state in _probers.Keys)
        {
            if (!wanted.ContainsKey(state))
            {
                (gone ??= []).Add(state);
            }
        }

        if (gone is null)
        {
            return;
        }

        var routed = new Dictionary<BackendState, Backend>(ReferenceEqualityComparer.Instance);
        foreach (var service in snapshot.Services.Values)
        {
            foreach (var backend in service.Backends)
            {
                routed[backend.State] = backend;
            }
        }

        foreach (var state in gone)
        {
            _probers.Remove(state, out var prober);
            prober!.Dispose();

            // Still routed without a check: a verdict nobody will update again must not keep it out.
            if (routed.TryGetValue(state, out var backend))
            {
                _tracker.GetOrCreate(backend).ClearActive();
            }
        }
    }

    private void LogServiceChanges(RoutingSnapshot snapshot)
    {
        foreach (var service in snapshot.Services.Values)
        {
            if (service.Config.HealthCheck is not { } config)
            {
                continue;
            }

            if (!_services.TryGetValue(service.Name, out var previous) || previous != config)
            {
                _services[service.Name] = config;
                var sample = service.Backends.Length > 0 ? ProbeTarget.Create(service.Backends[0], config) : null;
                Log.ProbingService(_logger, service.Name, service.Backends.Length, config.Path, sample?.Interval ?? config.Interval, sample?.Timeout ?? config.Timeout, config.ExpectedStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "2xx/3xx", config.Hostname ?? "(backend authority)");
            }
        }

        List<string>? removed = null;
        foreach (var name in _services.Keys)
        {
            if (!snapshot.Services.TryGetValue(name, out var service) || service.Config.HealthCheck is null)
            {
                (removed ??= []).Add(name);
            }
        }

        foreach (var name in removed ?? [])
        {
            _services.Remove(name);
            Log.StoppedProbingService(_logger, name);
        }
    }

    private void OnRoutingChanged(RoutingSnapshot snapshot)
    {
        try
        {
            Reconcile(snapshot);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Raised on the routing state's rebuild thread: never fail its rebuild.
            Log.ReconcileFailed(_logger, snapshot.Generation, ex);
        }
    }

    private Task[] StopProbers()
    {
        lock (_gate)
        {
            _stopped = true;
            var running = new Task[_probers.Count];
            var i = 0;
            foreach (var prober in _probers.Values)
            {
                prober.Dispose();
                running[i++] = prober.Current;
            }

            _probers.Clear();
            return running;
        }
    }

    private static HttpMessageInvoker CreateInvoker(TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = connectTimeout,
            // Probes are the only traffic here: a short idle time means a replaced task's address is not kept.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15),
            ActivityHeadersPropagator = null,
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
