// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Sticky.Forwarding.Http1;

namespace Sticky.Forwarding;

/// <summary>
/// Forwards one request to one backend and relays the response, streaming both bodies. It never retries:
/// the caller decides that from the <see cref="ForwardResult"/>.
/// </summary>
internal sealed partial class HttpForwarder : IDisposable
{
    private readonly ForwarderOptions _options;
    private readonly ILogger<HttpForwarder> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TrustedProxySet _trustedProxies;
    private readonly Http1Transport? _http1;

    public HttpForwarder(ForwarderOptions options, ILogger<HttpForwarder> logger)
        : this(options, logger, TimeProvider.System)
    {
    }

    internal HttpForwarder(ForwarderOptions options, ILogger<HttpForwarder> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (options.RequestTimeout <= TimeSpan.Zero && options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RequestTimeout, "Sticky:Forwarding:RequestTimeout must be positive.");
        }

        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        _trustedProxies = TrustedProxySet.Parse(options.TrustedProxies);
        if (options.Transport == ForwarderTransport.Http11)
        {
            _http1 = new Http1Transport(options, timeProvider);
        }
    }

    /// <summary>
    /// Forwards <paramref name="context"/>'s request to <paramref name="destinationBase"/> (plus the request's path
    /// and query) and relays the response. When no response comes, writes a short 502/504 itself.
    /// <code>
    /// (1) build the upstream request: HTTP/1.1, headers minus hop-by-hop, Host, X-Forwarded-*, streamed body
    /// (2) send; the request timeout runs until response headers arrive, the client's abort cancels throughout
    /// (3a) failure before headers: classify (connect / request / timeout / client), 502 or 504 with a short text
    /// (3b) 101 to an upgrade (or h2 extended CONNECT): copy headers + cookie, upgrade the client, pump bytes both ways
    /// (3c) otherwise: status, headers + cookie, body (flushed as it arrives), trailers
    /// (4) never leave the request body copy running past the request: cancel it and wait
    /// </code>
    /// </summary>
    /// <param name="context">The client's request and response.</param>
    /// <param name="destinationBase">The backend's normalized base URL, ending in <c>/</c>; the request path and query are appended.</param>
    /// <param name="invoker">The backend connection pool, from <see cref="ForwarderHttpClientFactory"/>.</param>
    /// <param name="setCookieHeader">A complete <c>Set-Cookie</c> value to add to the response (also to a 101), or <see langword="null"/>.</param>
    public ValueTask<ForwardResult> SendAsync(HttpContext context, Uri destinationBase, HttpMessageInvoker invoker, string? setCookieHeader)
        => SendAsync(context, destinationBase, invoker, setCookieHeader, writeErrorResponse: true);

    /// <inheritdoc cref="SendAsync(HttpContext, Uri, HttpMessageInvoker, string?)"/>
    /// <param name="context">The client's request and response.</param>
    /// <param name="destinationBase">The backend's normalized base URL, ending in <c>/</c>.</param>
    /// <param name="invoker">The backend connection pool.</param>
    /// <param name="setCookieHeader">A complete <c>Set-Cookie</c> value to add to the response, or <see langword="null"/>.</param>
    /// <param name="writeErrorResponse">
    /// <see langword="false"/> leaves the response untouched on <see cref="ForwardOutcome.ConnectFailed"/>,
    /// <see cref="ForwardOutcome.RequestFailed"/> and <see cref="ForwardOutcome.Timeout"/>, so a caller that
    /// retries another backend (only when <see cref="ForwardResult.RequestBodyStarted"/> is false) still can.
    /// </param>
    public ValueTask<ForwardResult> SendAsync(
        HttpContext context,
        Uri destinationBase,
        HttpMessageInvoker invoker,
        string? setCookieHeader,
        bool writeErrorResponse)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(destinationBase);
        ArgumentNullException.ThrowIfNull(invoker);

        var upgradeFeature = context.Features.Get<IHttpUpgradeFeature>();
        var connectFeature = context.Features.Get<IHttpExtendedConnectFeature>();
        var tunnel = GetTunnelKind(upgradeFeature, connectFeature);
        if (tunnel == TunnelKind.ExtendedConnect && !string.Equals(connectFeature!.Protocol, "websocket", StringComparison.OrdinalIgnoreCase))
        {
            // Only WebSocket has an HTTP/1.1 upgrade equivalent a backend understands.
            context.Response.StatusCode = StatusCodes.Status501NotImplemented;
            return new(new ForwardResult(ForwardOutcome.UpgradeFailed, StatusCodes.Status501NotImplemented, requestBodyStarted: false));
        }

        // HTTPS backends always go through HttpClient, which brings TLS.
        return _http1 is not null && Http1Transport.Supports(destinationBase)
            ? SendHttp1Async(context, destinationBase, tunnel, setCookieHeader, writeErrorResponse)
            : new(SendWithInvokerAsync(context, destinationBase, invoker, tunnel, upgradeFeature, connectFeature, setCookieHeader, writeErrorResponse));
    }

    public void Dispose() => _http1?.Dispose();

    private async Task<ForwardResult> SendWithInvokerAsync(
        HttpContext context,
        Uri destinationBase,
        HttpMessageInvoker invoker,
        TunnelKind tunnel,
        IHttpUpgradeFeature? upgradeFeature,
        IHttpExtendedConnectFeature? connectFeature,
        string? setCookieHeader,
        bool writeErrorResponse)
    {
        using var cancellation = new ForwardingCancellation(_options.RequestTimeout, _timeProvider, context.RequestAborted);
        using var request = CreateRequest(context, destinationBase, tunnel, cancellation);
        var content = request.Content as StreamCopyHttpContent;

        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(request, cancellation.Token);
        }
        catch (Exception ex)
        {
            await StopRequestBodyAsync(content, cancellation);
            return await HandleSendFailureAsync(context, destinationBase, content, cancellation, ex, writeErrorResponse);
        }

        cancellation.StopTimeout();
        using (response)
        {
            var result = tunnel != TunnelKind.None && response.StatusCode == HttpStatusCode.SwitchingProtocols
                ? await ForwardUpgradeAsync(context, tunnel, upgradeFeature, connectFeature, response, destinationBase, setCookieHeader, cancellation)
                : await CopyResponseAsync(context, response, destinationBase, setCookieHeader, content, cancellation);

            await StopRequestBodyAsync(content, cancellation);
            return result;
        }
    }

    private static TunnelKind GetTunnelKind(IHttpUpgradeFeature? upgradeFeature, IHttpExtendedConnectFeature? connectFeature)
    {
        if (connectFeature is { IsExtendedConnect: true })
        {
            return TunnelKind.ExtendedConnect;
        }

        return upgradeFeature is { IsUpgradableRequest: true } ? TunnelKind.Upgrade : TunnelKind.None;
    }

    /// <summary>
    /// The handler may leave the body copy running (the backend answered early, or the send failed). It must
    /// not touch the client's body after this request ends, because Kestrel reuses the context.
    /// </summary>
    private static async Task StopRequestBodyAsync(StreamCopyHttpContent? content, ForwardingCancellation cancellation)
    {
        if (content is { InProgress: true })
        {
            cancellation.Cancel();
            await content.Completion;
        }
    }
}
