// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Sticky.Backends;

namespace Sticky.Health;

/// <summary>
/// Probes one backend on a timer. At most one probe is in flight: a tick that finds the previous probe still
/// running skips its turn, so a slow backend never accumulates probes.
/// </summary>
internal sealed partial class BackendProber : IDisposable
{
    private const string UserAgent = "Sticky-HealthCheck/1.0";

    private readonly BackendHealthRecord _record;
    private readonly HttpMessageInvoker _invoker;
    private readonly TimeProvider _timeProvider;
    private readonly double _jitter;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _timer;
    private ProbeTarget _target;
    private int _probing;
    private Task _current = Task.CompletedTask;

    public BackendProber(BackendHealthRecord record, ProbeTarget target, HttpMessageInvoker invoker, TimeProvider timeProvider, double jitter, ILogger logger)
    {
        _record = record;
        _target = target;
        _invoker = invoker;
        _timeProvider = timeProvider;
        _jitter = jitter;
        _logger = logger;
        _timer = timeProvider.CreateTimer(static state => ((BackendProber)state!).OnTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ProbeTarget Target => Volatile.Read(ref _target);

    /// <summary>The probe in flight, or the last one. For an orderly stop, and for tests.</summary>
    public Task Current => Volatile.Read(ref _current);

    /// <summary>Schedules the first probe: right away, or spread over the jitter window.</summary>
    public void Start() => Arm(Target.Interval * _jitter * Random.Shared.NextDouble());

    /// <summary>Takes the backend object and settings of a new snapshot; the verdict and counters stay.</summary>
    public void Update(Backend backend, HealthCheckConfig config)
    {
        _record.Backend = backend;
        var current = Target;
        if (current.Config == config)
        {
            return;
        }

        var next = ProbeTarget.Create(backend, config);
        Volatile.Write(ref _target, next);
        if (next.Interval != current.Interval)
        {
            Arm(NextDelay(next.Interval));
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _timer.Dispose();
    }

    private void OnTick()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        var target = Target;
        Arm(NextDelay(target.Interval));
        if (Interlocked.CompareExchange(ref _probing, 1, 0) != 0)
        {
            Log.ProbeStillRunning(_logger, _record.Backend.ServiceName, _record.Backend, target.Interval);
            return;
        }

        Volatile.Write(ref _current, RunAsync(target));
    }

    private async Task RunAsync(ProbeTarget target)
    {
        try
        {
            if (await ProbeAsync(target).ConfigureAwait(false) is { } result && !_stopping.IsCancellationRequested)
            {
                if (!result.IsHealthy)
                {
                    Log.ProbeFailed(_logger, _record.Backend.ServiceName, _record.Backend, target.Uri, result.Describe());
                }

                _record.ReportProbe(result);
            }
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Stopped while probing (the invoker may be gone already): the result no longer matters.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.ProbeCrashed(_logger, _record.Backend.ServiceName, _record.Backend, ex);
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    /// <summary>One probe; <see langword="null"/> when it was cancelled because probing stopped.</summary>
    private async Task<ProbeResult?> ProbeAsync(ProbeTarget target)
    {
        using var timeout = new CancellationTokenSource(target.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, target.Uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (target.Host is { Length: > 0 } host)
        {
            request.Headers.Host = host;
        }

        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        try
        {
            // Only the status matters; disposing the response drains or drops a small body.
            using var response = await _invoker.SendAsync(request, linked.Token).ConfigureAwait(false);
            return ProbeResult.Status((int)response.StatusCode, target.ExpectedStatus);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            // Our timeout, or the handler's connect timeout.
            return ProbeResult.TimedOut(target.Timeout);
        }
        catch (HttpRequestException ex)
        {
            for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
            {
                if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                {
                    return ProbeResult.Refused(ex.Message);
                }
            }

            return ProbeResult.Failed(ex.Message);
        }
    }

    private TimeSpan NextDelay(TimeSpan interval) => interval * (1 - (_jitter * Random.Shared.NextDouble()));

    private void Arm(TimeSpan delay)
    {
        try
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Stopped concurrently.
        }
    }
}
