// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;

namespace Sticky.Forwarding;

/// <summary>Creates the <see cref="HttpMessageInvoker"/> that talks to backends.</summary>
internal static class ForwarderHttpClientFactory
{
    /// <summary>
    /// Creates an invoker over a <see cref="SocketsHttpHandler"/> configured for proxying: no proxy, redirects,
    /// cookies or decompression (the client, not Sticky, handles those), and no trace headers of its own, because
    /// the client's headers are forwarded as they are. Not <see cref="HttpClient"/>: it would buffer responses.
    /// </summary>
    public static HttpMessageInvoker Create(ForwarderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = options.PooledConnectionIdleTimeout,
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            ActivityHeadersPropagator = null,
        };

        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
