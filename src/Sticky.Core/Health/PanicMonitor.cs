// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sticky.Backends;
using Sticky.Proxy;

namespace Sticky.Health;

/// <summary>
/// Notices when every backend of a service is unhealthy, and when one recovers, and logs each once. The request
/// path decides what to do about it (<see cref="HealthOptions.PanicMode"/>); this only keeps the log honest
/// without any state on that path.
/// </summary>
internal sealed partial class PanicMonitor : IHostedService
{
    private readonly RoutingState _routing;
    private readonly BackendHealthTracker _tracker;
    private readonly ILogger<PanicMonitor> _logger;
    private readonly bool _panicMode;
    private readonly Action<RoutingSnapshot> _onChanged;
    private readonly Action<Backend, BackendHealth, BackendHealth> _onTransition;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _panicking = new(StringComparer.Ordinal);

    public PanicMonitor(RoutingState routing, BackendHealthTracker tracker, ILogger<PanicMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(logger);
        _routing = routing;
        _tracker = tracker;
        _logger = logger;
        _panicMode = tracker.Options.PanicMode;
        _onChanged = EvaluateAll;
        _onTransition = OnTransition;
    }

    /// <summary>Whether every backend of <paramref name="service"/> was unhealthy at the last change.</summary>
    public bool IsPanicking(string service)
    {
        lock (_gate)
        {
            return _panicking.Contains(service);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _tracker.Transitioned += _onTransition;
        _routing.Changed += _onChanged;
        EvaluateAll(_routing.Current);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _tracker.Transitioned -= _onTransition;
        _routing.Changed -= _onChanged;
        return Task.CompletedTask;
    }

    private void OnTransition(Backend backend, BackendHealth from, BackendHealth to)
    {
        if (_routing.Current.Services.TryGetValue(backend.ServiceName, out var service))
        {
            Evaluate(service);
        }
    }

    private void EvaluateAll(RoutingSnapshot snapshot)
    {
        lock (_gate)
        {
            // A service that is gone leaves panic silently: there is nothing left to serve.
            _panicking.RemoveWhere(name => !snapshot.Services.ContainsKey(name));
            foreach (var service in snapshot.Services.Values)
            {
                Evaluate(service);
            }
        }
    }

    private void Evaluate(ServiceRuntime service)
    {
        var healthy = 0;
        foreach (var backend in service.Backends)
        {
            if (backend.IsAvailable)
            {
                healthy++;
            }
        }

        var total = service.Backends.Length;
        lock (_gate)
        {
            if (total > 0 && healthy == 0)
            {
                if (_panicking.Add(service.Name))
                {
                    if (_panicMode)
                    {
                        Log.PanicEntered(_logger, service.Name, total);
                    }
                    else
                    {
                        Log.AllUnhealthy(_logger, service.Name, total);
                    }
                }
            }
            else if (_panicking.Remove(service.Name))
            {
                Log.PanicLeft(_logger, service.Name, healthy, total);
            }
        }
    }
}
