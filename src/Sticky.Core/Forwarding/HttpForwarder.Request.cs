// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Sticky.Forwarding;

internal sealed partial class HttpForwarder
{
    // The path is already escaped by PathString; letting Uri re-canonicalize it would change what the backend
    // sees (dot segments, escapes), which routing and signatures behind the proxy depend on.
    private static readonly UriCreationOptions s_uriOptions = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private HttpRequestMessage CreateRequest(HttpContext context, Uri destinationBase, TunnelKind tunnel, ForwardingCancellation cancellation)
    {
        var request = context.Request;
        var method = tunnel == TunnelKind.ExtendedConnect ? HttpMethod.Get : HttpMethod.Parse(request.Method);
        var message = new HttpRequestMessage(method, BuildDestinationUri(destinationBase, request))
        {
            // Backends speak HTTP/1.1 whatever the client speaks; upgrades (WebSocket) need it anyway.
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        // Content first: the header copy puts Content-* headers on it.
        if (tunnel == TunnelKind.None && HasBody(request))
        {
            message.Content = new StreamCopyHttpContent(request.Body, cancellation);
        }

        var headers = new RequestMessageHeaderSink(message);
        RequestHeaderCopier.Copy(request, ref headers, isUpgrade: tunnel == TunnelKind.Upgrade);
        if (tunnel == TunnelKind.ExtendedConnect)
        {
            AddWebSocketUpgradeHeaders(ref headers);
        }

        // Without a Host header the handler sends the destination's authority.
        if (_options.PassHostHeader && request.Host.HasValue)
        {
            message.Headers.TryAddWithoutValidation(HeaderNames.Host, request.Host.Value);
        }

        ForwardedHeaders.Apply(context, ref headers, _trustedProxies.Contains(context.Connection.RemoteIpAddress));
        return message;
    }

    /// <summary>Turns an RFC 8441 WebSocket CONNECT into the HTTP/1.1 handshake (RFC 6455) the backend expects.</summary>
    internal static void AddWebSocketUpgradeHeaders<TSink>(ref TSink headers)
        where TSink : IRequestHeaderSink
    {
        // The key only proves to a client that the server speaks WebSocket; the h2 client never sees it.
        Span<byte> key = stackalloc byte[16];
        RandomNumberGenerator.Fill(key);
        headers.Add(HeaderNames.Connection, "Upgrade");
        headers.Add(HeaderNames.Upgrade, "websocket");
        headers.Add(HeaderNames.SecWebSocketKey, Convert.ToBase64String(key));
    }

    private static Uri BuildDestinationUri(Uri destinationBase, HttpRequest request)
    {
        var prefix = destinationBase.OriginalString.AsSpan();
        var path = request.Path.ToUriComponent();
        if (path.Length != 0 && prefix.EndsWith('/'))
        {
            prefix = prefix[..^1];
        }

        return new Uri(string.Concat(prefix, path, request.QueryString.Value), in s_uriOptions);
    }

    internal static bool HasBody(HttpRequest request)
    {
        if (request.ContentLength == 0)
        {
            return false;
        }

        // Kestrel knows best: HTTP/1.x needs Content-Length or chunked, HTTP/2 a DATA frame may follow the headers.
        var detection = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>();
        if (detection is not null)
        {
            return detection.CanHaveBody;
        }

        return request.ContentLength > 0 || request.Headers.TransferEncoding.Count != 0;
    }
}
