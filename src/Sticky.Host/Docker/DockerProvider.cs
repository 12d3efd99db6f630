// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Primitives;
using Sticky.Backends;
using Sticky.Host.Docker.Discovery;
using Sticky.Providers;

namespace Sticky.Host.Docker;

/// <summary>
/// The Docker backend provider: holds the services of the last good listing and publishes a new
/// snapshot (firing its change token) only when a listing differs from it. A failed refresh keeps the
/// services and only sets <see cref="ProviderSnapshot.Error"/>. <see cref="DockerWatcher"/> feeds it.
/// </summary>
internal sealed partial class DockerProvider : IBackendProvider, IDisposable
{
    public const string ProviderName = "docker";

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ProviderSnapshot _snapshot;
    private CancellationTokenSource _changeSource = new();
    private HashSet<string> _reportedProblems = new(StringComparer.Ordinal);
    private bool _listed;

    public DockerProvider(TimeProvider time, ILogger<DockerProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _time = time;
        _logger = logger;
        _snapshot = new ProviderSnapshot { Services = [], ChangeToken = new CancellationChangeToken(_changeSource.Token) };
    }

    public string Name => ProviderName;

    public ProviderSnapshot GetSnapshot() => Volatile.Read(ref _snapshot);

    /// <summary>Takes a successful listing; returns whether a new snapshot was published.</summary>
    public bool Apply(DockerListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        CancellationTokenSource previousSource;
        lock (_gate)
        {
            LogNewProblems(listing);
            var current = _snapshot;
            var now = _time.GetUtcNow();
            if (current.Error is not null)
            {
                Log.Recovered(_logger, ProviderName);
            }

            var changes = ListingDiff.Compute(current.Services, listing.Services);
            if (_listed && changes.IsEmpty)
            {
                // Same services: refresh the status fields only. The change token stays, so nothing rebuilds.
                Volatile.Write(ref _snapshot, current with { UpdatedAt = now, Error = null });
                return false;
            }

            _listed = true;
            LogConfiguration(listing.Services);
            LogChanges(changes);

            previousSource = _changeSource;
            _changeSource = new CancellationTokenSource();
            Volatile.Write(ref _snapshot, new ProviderSnapshot
            {
                Services = listing.Services,
                ChangeToken = new CancellationChangeToken(_changeSource.Token),
                UpdatedAt = now,
            });
        }

        // Outside the lock: consumers run their callbacks synchronously here and read GetSnapshot().
        previousSource.Cancel();
        return true;
    }

    /// <summary>Records a failed refresh: the services stay, the error is visible in the snapshot.</summary>
    public void ReportFailure(string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        lock (_gate)
        {
            var current = _snapshot;
            if (!string.Equals(current.Error, error, StringComparison.Ordinal))
            {
                Log.RefreshFailed(_logger, ProviderName, error, current.Services.Count);
            }

            Volatile.Write(ref _snapshot, current with { Error = error });
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _changeSource.Dispose();
        }
    }

    private void LogNewProblems(DockerListing listing)
    {
        // Each problem is logged when it appears, not on every refresh while it lasts.
        var problems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var error in listing.Errors)
        {
            if (problems.Add(error.ToString()) && !_reportedProblems.Contains(error.ToString()))
            {
                Log.BadLabel(_logger, error.Service, error.Label, error.Value, error.Reason);
            }
        }

        foreach (var warning in listing.Warnings)
        {
            if (problems.Add(warning) && !_reportedProblems.Contains(warning))
            {
                Log.DiscoveryWarning(_logger, warning);
            }
        }

        _reportedProblems = problems;
    }

    private void LogChanges(ListingChanges changes)
    {
        foreach (var service in changes.AddedServices)
        {
            Log.ServiceAdded(_logger, service.Name, service.Backends.Count, service.Rule ?? "(all requests)", service.Affinity is not null);
            foreach (var backend in service.Backends)
            {
                LogBackendAdded(service.Name, backend);
            }
        }

        foreach (var service in changes.RemovedServices)
        {
            Log.ServiceRemoved(_logger, service.Name);
        }

        foreach (var service in changes.ChangedServices)
        {
            Log.ServiceChanged(_logger, service.Name, service.Rule ?? "(all requests)", service.Affinity is not null);
        }

        foreach (var change in changes.AddedBackends)
        {
            LogBackendAdded(change.Service, change.After!);
        }

        foreach (var change in changes.RemovedBackends)
        {
            Log.BackendRemoved(_logger, change.Url, change.Before!.Name ?? change.Url, change.Service);
        }

        foreach (var change in changes.ChangedBackends)
        {
            var after = change.After!;
            Log.BackendChanged(_logger, after.Url, after.Name ?? after.Url, change.Service, after.Weight, after.Draining);
        }
    }

    private void LogBackendAdded(string service, BackendConfig backend)
    {
        if (backend.Draining)
        {
            Log.BackendChanged(_logger, backend.Url, backend.Name ?? backend.Url, service, backend.Weight, draining: true);
        }
        else
        {
            Log.BackendAdded(_logger, backend.Url, backend.Name ?? backend.Url, service, backend.Weight);
        }
    }

    private void LogConfiguration(IReadOnlyList<ServiceConfig> services)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var json = System.Text.Json.JsonSerializer.Serialize(services, ProviderLogJsonContext.Default.IReadOnlyListServiceConfig);
            Log.ConfigurationReceived(_logger, ProviderName, json);
        }
    }
}
