// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Forwarding;

/// <summary>
/// How requests are forwarded to backends. Bound from the configuration section <c>Sticky:Forwarding</c>.
/// </summary>
public sealed record ForwarderOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Sticky:Forwarding";

    /// <summary>
    /// How long to wait for a TCP (and TLS) connection to a backend. A backend that refuses or does not accept
    /// in time gets a <c>502 Bad Gateway</c>. Defaults to 5 seconds.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long to wait for the backend's response headers, counted from the last request body byte sent.
    /// Exceeding it gives a <c>504 Gateway Timeout</c>. Once headers arrive, the response body streams for as
    /// long as data flows. <see cref="Timeout.InfiniteTimeSpan"/> disables it. Defaults to 100 seconds.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// When <see langword="true"/> (the default) the client's <c>Host</c> header is sent to the backend unchanged;
    /// otherwise the backend's own authority (<c>host:port</c>) is sent.
    /// </summary>
    public bool PassHostHeader { get; set; } = true;

    /// <summary>
    /// IP addresses or CIDR ranges (<c>10.0.0.0/8</c>, <c>fd00::/8</c>) of proxies in front of Sticky. Only
    /// requests arriving from these keep their incoming <c>X-Forwarded-*</c> and <c>X-Real-Ip</c> headers (the
    /// connection's address is appended to <c>X-Forwarded-For</c>); from anyone else those headers are replaced.
    /// Empty by default: no client is trusted.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; set; } = [];

    /// <summary>The maximum number of concurrent connections to one backend. Unlimited by default.</summary>
    public int MaxConnectionsPerServer { get; set; } = int.MaxValue;

    /// <summary>
    /// How requests reach <c>http://</c> backends. <see cref="ForwarderTransport.Http11"/> (the default) is Sticky's
    /// own pooled HTTP/1.1 client, which allocates far less per request; <see cref="ForwarderTransport.HttpClient"/>
    /// is .NET's <see cref="SocketsHttpHandler"/>. <c>https://</c> backends always use HttpClient.
    /// </summary>
    public ForwarderTransport Transport { get; set; } = ForwarderTransport.Http11;

    /// <summary>How long an idle pooled backend connection is kept. Defaults to 90 seconds.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(90);
}
