// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Configuration;
using Sticky.Diagnostics;
using Sticky.Forwarding;
using Sticky.Health;

namespace Sticky.Proxy;

/// <summary>
/// The request path: route match, affinity, weighted pick, forward (with retries on another backend when
/// nothing reached the failed one), cookie. Everything before the forward reads one immutable snapshot
/// and allocates nothing.
/// </summary>
internal sealed partial class StickyProxyHandler
{
    private readonly RoutingState _state;
    private readonly HttpForwarder _forwarder;
    private readonly HttpMessageInvoker _invoker;
    private readonly StickyTelemetry _telemetry;
    private readonly PassiveHealthPolicy _passiveHealth;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<StickyProxyHandler> _logger;
    private readonly int _maxRetries;
    private readonly bool _panicMode;

    public StickyProxyHandler(
        RoutingState state,
        HttpForwarder forwarder,
        ForwarderInvoker invoker,
        StickyTelemetry telemetry,
        PassiveHealthPolicy passiveHealth,
        IOptions<StickyOptions> options,
        TimeProvider timeProvider,
        ILogger<StickyProxyHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(forwarder);
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(passiveHealth);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _state = state;
        _forwarder = forwarder;
        _invoker = invoker.Invoker;
        _telemetry = telemetry;
        _passiveHealth = passiveHealth;
        _timeProvider = timeProvider;
        _logger = logger;
        _maxRetries = options.Value.Health.MaxRetries;
        _panicMode = options.Value.Health.PanicMode;
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

        var decision = Decide(context, service, _panicMode);
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
    internal static RoutingDecision Decide(HttpContext context, ServiceRuntime service, bool panicMode = true)
    {
        var table = service.Affinity;
        if (table is null)
        {
            return new RoutingDecision(service.Selector.Pick(context) ?? PanicPick(service, panicMode), null, AffinityStatus.None);
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

        backend ??= PanicPick(service, panicMode);
        return new RoutingDecision(backend, backend is null ? null : table.GetSetCookieHeader(backend), affinity.Status);
    }

    /// <summary>
    /// Panic mode (YARP's HealthyOrPanic): when health checks mark every backend of a service down, they
    /// are more likely wrong than all backends dead, so spread requests over all of them rather than
    /// answer 503. Weight-0 and draining backends stay out: they are not down, they are leaving.
    /// </summary>
    private static Backend? PanicPick(ServiceRuntime service, bool panicMode)
    {
        var backends = service.Backends;
        if (!panicMode || backends.Length == 0)
        {
            return null;
        }

        // Only the backends meant for new clients count: if one of them is up there is no panic, and if
        // there are none (all draining or weight 0) there is nothing to panic about.
        var candidates = false;
        foreach (var backend in backends)
        {
            if (backend.Weight > 0 && !backend.IsDraining)
            {
                if (backend.IsAvailable)
                {
                    return null;
                }

                candidates = true;
            }
        }

        if (!candidates)
        {
            return null;
        }

        var start = (int)(service.NextPanicIndex() % (uint)backends.Length);
        for (var i = 0; i < backends.Length; i++)
        {
            var candidate = backends[(start + i) % backends.Length];
            if (candidate.Weight > 0 && !candidate.IsDraining)
            {
                return candidate;
            }
        }

        return null;
    }

    private async Task ForwardAsync(HttpContext context, ServiceRuntime service, Backend backend, string? setCookie)
    {
        // Only here, inside the async method: setting Activity.Current in InvokeAsync would leak it to the caller.
        using var activity = _telemetry.StartRequest(context, service, backend);
        // At most one extra attempt per other backend, and never more than configured.
        var retriesLeft = Math.Min(_maxRetries, service.Backends.Length - 1);
        Backend[]? tried = null;
        while (true)
        {
            var mayRetry = retriesLeft > 0 && IsRetryable(context.Request);

            // The attempt is awaited here rather than in a helper method: every async frame that waits for the
            // backend costs a state-machine allocation per request.
            var started = _timeProvider.GetTimestamp();
            backend.State.RequestStarted();
            ForwardResult result = default;
            try
            {
                result = await _forwarder.SendAsync(context, backend.Url, _invoker, setCookie, writeErrorResponse: !mayRetry);
            }
            finally
            {
                AttemptEnded(context, service, backend, result, started);
            }

            if (!mayRetry || result.RequestBodyStarted || context.Response.HasStarted
                || result.Outcome is not (ForwardOutcome.ConnectFailed or ForwardOutcome.RequestFailed))
            {
                return;
            }

            // Nothing reached the backend's application (or nothing was read from the client): another
            // backend can take the request. The cookie follows whoever answers.
            tried ??= new Backend[retriesLeft + 1];
            tried[Array.IndexOf(tried, null)] = backend;
            var next = PickRetryBackend(context, service, tried);
            if (next is null)
            {
                await WriteErrorAsync(context, StatusCodes.Status502BadGateway, $"502 Bad Gateway: backend {backend.Url.Authority} failed and no other backend is available\n");
                return;
            }

            _telemetry.Retrying(service, backend, next);
            Log.Retrying(_logger, service.Name, backend.Id, next.Id, result.Outcome);
            backend = next;
            setCookie = service.Affinity?.GetSetCookieHeader(next);
            retriesLeft--;
        }
    }

    private void AttemptEnded(HttpContext context, ServiceRuntime service, Backend backend, ForwardResult result, long started)
    {
        backend.State.RequestEnded(failed: result.Outcome is not (ForwardOutcome.Success or ForwardOutcome.ClientAborted));
        _passiveHealth.Report(backend, result);
        _telemetry.Forwarded(context, service, backend, result, started);
    }

    // Idempotent methods can always go again; others only when the client's body was not consumed,
    // which ForwardResult.RequestBodyStarted tells per attempt.
    private static bool IsRetryable(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
        || HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method) || HttpMethods.IsTrace(request.Method)
        || request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0;

    private static Backend? PickRetryBackend(HttpContext context, ServiceRuntime service, Backend[] tried)
    {
        // The selector skips unavailable backends; passive health may just have ejected the failed one.
        for (var i = 0; i < service.Backends.Length; i++)
        {
            var candidate = service.Selector.Pick(context);
            if (candidate is null)
            {
                break;
            }

            if (Array.IndexOf(tried, candidate) < 0)
            {
                return candidate;
            }
        }

        foreach (var candidate in service.Backends)
        {
            if (candidate.AcceptsNewClients && Array.IndexOf(tried, candidate) < 0)
            {
                return candidate;
            }
        }

        return null;
    }

    private static Task WriteErrorAsync(HttpContext context, int statusCode, string body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    internal readonly record struct RoutingDecision(Backend? Backend, string? SetCookie, AffinityStatus Affinity);
}
