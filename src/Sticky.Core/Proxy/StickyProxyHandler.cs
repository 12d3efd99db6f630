// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Diagnostics;
using Sticky.Forwarding;

namespace Sticky.Proxy;

/// <summary>
/// The request path: route match, affinity, weighted pick, forward, cookie. Everything before the
/// forward reads one immutable snapshot and allocates nothing.
/// </summary>
internal sealed partial class StickyProxyHandler
{
    private readonly RoutingState _state;
    private readonly HttpForwarder _forwarder;
    private readonly HttpMessageInvoker _invoker;
    private readonly StickyTelemetry _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<StickyProxyHandler> _logger;

    public StickyProxyHandler(
        RoutingState state,
        HttpForwarder forwarder,
        ForwarderInvoker invoker,
        StickyTelemetry telemetry,
        TimeProvider timeProvider,
        ILogger<StickyProxyHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(forwarder);
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _state = state;
        _forwarder = forwarder;
        _invoker = invoker.Invoker;
        _telemetry = telemetry;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var snapshot = _state.Current;
        var service = snapshot.Routes.Match(context.Request);
        if (service is null)
        {
            _telemetry.RouteMissed(context);
            return WriteErrorAsync(context, StatusCodes.Status404NotFound, "404 page not found: no service matches this request\n");
        }

        var decision = Decide(context, service);
        if (service.Affinity is not null)
        {
            _telemetry.AffinityResolved(context, service, decision.Backend, decision.Affinity);
        }

        if (decision.Backend is null)
        {
            _telemetry.NoBackend(service);
            Log.NoBackendAvailable(_logger, service.Name);
            return WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "503 Service Unavailable: no healthy backend\n");
        }

        return ForwardAsync(context, service, decision.Backend, decision.SetCookie);
    }

    /// <summary>Chooses the backend and whether the response must (re)issue the affinity cookie.</summary>
    internal static RoutingDecision Decide(HttpContext context, ServiceRuntime service)
    {
        var table = service.Affinity;
        if (table is null)
        {
            return new RoutingDecision(service.Selector.Pick(context), null, AffinityStatus.None);
        }

        var affinity = table.Resolve(context.Request.Headers.Cookie);
        Backend? backend;
        switch (affinity.Status)
        {
            case AffinityStatus.Hit:
                return new RoutingDecision(affinity.Backend, null, AffinityStatus.Hit);
            case AffinityStatus.LegacyHit:
            case AffinityStatus.Repinned:
                backend = affinity.Backend;
                break;
            default:
                backend = service.Selector.Pick(context);
                break;
        }

        return new RoutingDecision(backend, backend is null ? null : table.GetSetCookieHeader(backend), affinity.Status);
    }

    private async Task ForwardAsync(HttpContext context, ServiceRuntime service, Backend backend, string? setCookie)
    {
        var started = _timeProvider.GetTimestamp();
        backend.State.RequestStarted();
        var failed = true;
        try
        {
            var result = await _forwarder.SendAsync(context, backend.Url, _invoker, setCookie);
            failed = result.Outcome is not (ForwardOutcome.Success or ForwardOutcome.ClientAborted);
            _telemetry.Forwarded(context, service, backend, result, started);
        }
        finally
        {
            backend.State.RequestEnded(failed);
        }
    }

    private static Task WriteErrorAsync(HttpContext context, int statusCode, string body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    internal readonly record struct RoutingDecision(Backend? Backend, string? SetCookie, AffinityStatus Affinity);

    private static partial class Log
    {
        [LoggerMessage(2200, LogLevel.Warning, "No backend of service {Service} can take the request", EventName = "NoBackendAvailable")]
        public static partial void NoBackendAvailable(ILogger logger, string service);
    }
}
