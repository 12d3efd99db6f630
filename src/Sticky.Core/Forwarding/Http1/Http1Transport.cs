// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Sticky.Forwarding.Http1;

/// <summary>
/// The connection pools of the HTTP/1.1 transport, one per backend <c>host:port</c>, and a per-URL cache of what
/// each request needs from its backend's URL (pool, path prefix, authority) so none of it is recomputed per
/// request.
/// </summary>
internal sealed class Http1Transport : IDisposable
{
    private readonly ConditionalWeakTable<Uri, Http1Target> _targets = new();
    private readonly ConcurrentDictionary<string, Http1ConnectionPool> _pools = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConditionalWeakTable<Uri, Http1Target>.CreateValueCallback _createTarget;
    private readonly ForwarderOptions _options;
    private readonly TimeProvider _timeProvider;
    private volatile bool _disposed;

    public Http1Transport(ForwarderOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
        _createTarget = CreateTarget;
    }

    /// <summary>Whether this transport carries requests to <paramref name="destinationBase"/>: plain http only.</summary>
    public static bool Supports(Uri destinationBase) => string.Equals(destinationBase.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal);

    public Http1Target GetTarget(Uri destinationBase)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _targets.TryGetValue(destinationBase, out var target) ? target : _targets.GetValue(destinationBase, _createTarget);
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var pool in _pools.Values)
        {
            pool.Dispose();
        }
    }

    private Http1Target CreateTarget(Uri destinationBase)
    {
        var host = destinationBase.IdnHost;
        var port = destinationBase.Port;
        var pool = _pools.GetOrAdd($"{host}:{port}", static (_, state) => new Http1ConnectionPool(state.host, state.port, state.self._options, state.self._timeProvider), (host, port, self: this));
        return new Http1Target(pool, destinationBase);
    }
}

/// <summary>A backend URL as the HTTP/1.1 transport uses it.</summary>
internal sealed class Http1Target
{
    public Http1Target(Http1ConnectionPool pool, Uri destinationBase)
    {
        Pool = pool;
        Authority = destinationBase.Authority;
        AuthorityBytes = System.Text.Encoding.ASCII.GetBytes(destinationBase.Authority);

        // The base path is prepended to the request's path: "/" adds nothing, "/app/" makes "/x" into "/app/x".
        var basePath = destinationBase.AbsolutePath;
        BasePath = basePath;
        PathPrefix = basePath.EndsWith('/') ? basePath[..^1] : basePath;
    }

    public Http1ConnectionPool Pool { get; }

    /// <summary>As <see cref="Uri.Authority"/>: <c>host</c>, or <c>host:port</c> when the port is not 80.</summary>
    public string Authority { get; }

    public byte[] AuthorityBytes { get; }

    /// <summary>The URL's path, sent as it is when the request's own path is empty.</summary>
    public string BasePath { get; }

    /// <summary>The URL's path without its trailing slash, put before the request's path.</summary>
    public string PathPrefix { get; }
}
