// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Forwarding;
using Sticky.Proxy;

namespace Sticky.Diagnostics;

/// <summary>
/// The one place the request path and the health checks report what happened, as
/// <see cref="System.Diagnostics.Metrics"/> instruments on the <c>Sticky</c> meter (OpenTelemetry and the
/// host's <c>/metrics</c> listen to it), plus one <see cref="Activity"/> per forwarded request on the
/// <c>Sticky</c> <see cref="ActivitySource"/>. Both cost next to nothing while nobody listens.
/// </summary>
internal sealed partial class StickyTelemetry : IDisposable
{
    /// <summary>The meter name to listen to.</summary>
    public const string MeterName = "Sticky";

    /// <summary>The activity source name to listen to.</summary>
    public const string ActivitySourceName = "Sticky";

    /// <summary>
    /// Bucket bounds of <c>sticky.request.duration</c>, in seconds: Prometheus' defaults, which suit a proxy
    /// whose requests take from a millisecond to several seconds.
    /// </summary>
    internal static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _routeMisses;
    private readonly Counter<long> _noBackend;
    private readonly Counter<long> _affinity;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _healthTransitions;
    private readonly TimeProvider _timeProvider;

    public StickyTelemetry(IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _meter = meterFactory.Create(MeterName);
        _requests = _meter.CreateCounter<long>("sticky.requests", "{request}", "Requests forwarded, by service, backend and status code.");
        _duration = _meter.CreateHistogram<double>(
            "sticky.request.duration",
            "s",
            "Time from forwarding to the end of the response.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _routeMisses = _meter.CreateCounter<long>("sticky.route.misses", "{request}", "Requests no service rule matched (404).");
        _noBackend = _meter.CreateCounter<long>("sticky.no_backend", "{request}", "Requests no backend could take (503).");
        _affinity = _meter.CreateCounter<long>("sticky.affinity", "{request}", "Affinity outcomes of sticky services: none, hit, legacy_hit, repinned.");
        _retries = _meter.CreateCounter<long>("sticky.retries", "{retry}", "Requests retried on another backend.");
        _healthTransitions = _meter.CreateCounter<long>("sticky.health.transitions", "{transition}", "Backend health changes.");
    }

    /// <summary>No service's rule matched the request.</summary>
    public void RouteMissed(HttpContext context) => _routeMisses.Add(1, new KeyValuePair<string, object?>("method", context.Request.Method));

    /// <summary>
    /// The affinity table classified the request's cookie and <paramref name="backend"/> will serve it
    /// (<see langword="null"/> when none can). Called only for sticky services.
    /// </summary>
    public void AffinityResolved(HttpContext context, ServiceRuntime service, Backend? backend, AffinityStatus status)
    {
        if (backend is not null)
        {
            backend.State.PinnedClients.Record(ClientHash(context), _timeProvider.GetUtcNow());
        }

        if (_affinity.Enabled)
        {
            _affinity.Add(1, new("service", service.Name), new("status", StatusName(status)));
        }
    }

    /// <summary>No backend could take the request (503).</summary>
    public void NoBackend(ServiceRuntime service) => _noBackend.Add(1, new KeyValuePair<string, object?>("service", service.Name));

    /// <summary>One forwarding attempt finished; <paramref name="startTimestamp"/> is from <see cref="TimeProvider.GetTimestamp"/>.</summary>
    public void Forwarded(HttpContext context, ServiceRuntime service, Backend backend, ForwardResult result, long startTimestamp)
    {
        if (_requests.Enabled)
        {
            _requests.Add(1, new("service", service.Name), new("backend", backend.Id), new("code", BoxedStatusCode(context.Response.StatusCode)), new("outcome", OutcomeName(result.Outcome)));
        }

        if (_duration.Enabled)
        {
            _duration.Record(_timeProvider.GetElapsedTime(startTimestamp).TotalSeconds, new("service", service.Name), new("backend", backend.Id));
        }

        EnrichActivity(context, backend, result);
    }

    // Tag values are objects: a status code boxed once here, not once per request.
    private static readonly object[] s_statusCodes = Enumerable.Range(0, 600).Select(static code => (object)code).ToArray();

    private static object BoxedStatusCode(int code) => (uint)code < (uint)s_statusCodes.Length ? s_statusCodes[code] : code;

    /// <summary>A failed attempt is retried on <paramref name="next"/>.</summary>
    public void Retrying(ServiceRuntime service, Backend failed, Backend next)
    {
        _retries.Add(1, new("service", service.Name), new("from", failed.Id), new("to", next.Id));
        AddRetryEvent(failed, next);
    }

    /// <summary>A backend's health changed (active probe, passive ejection, probation, recovery).</summary>
    public void HealthChanged(Backend backend, BackendHealth from, BackendHealth to, string reason) =>
        _healthTransitions.Add(1, new("service", backend.ServiceName), new("backend", backend.Id), new("from", HealthName(from)), new("to", HealthName(to)), new("reason", reason));

    public void Dispose() => _meter.Dispose();

    // A client is its address and user agent: clients behind one NAT with one browser count once, which
    // is acceptable for an estimate and needs no cookie of its own.
    private static ulong ClientHash(HttpContext context)
    {
        var hash = new HashCode();
        hash.Add(context.Connection.RemoteIpAddress);
        foreach (var agent in context.Request.Headers.UserAgent)
        {
            hash.Add(agent, StringComparer.Ordinal);
        }

        var value = (uint)hash.ToHashCode();
        return value * 0x9E3779B97F4A7C15UL;
    }

    private static string HealthName(BackendHealth health) => HealthNames.Of(health);

    private static string OutcomeName(ForwardOutcome outcome) => outcome switch
    {
        ForwardOutcome.Success => "success",
        ForwardOutcome.ConnectFailed => "connect_failed",
        ForwardOutcome.RequestFailed => "request_failed",
        ForwardOutcome.Timeout => "timeout",
        ForwardOutcome.ClientAborted => "client_aborted",
        ForwardOutcome.ResponseBodyFailed => "response_failed",
        _ => "upgrade_failed",
    };

    private static string StatusName(AffinityStatus status) => status switch
    {
        AffinityStatus.Hit => "hit",
        AffinityStatus.LegacyHit => "legacy_hit",
        AffinityStatus.Repinned => "repinned",
        _ => "none",
    };
}
