// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using System.Net.Sockets;

namespace Sticky.Forwarding.Http1;

/// <summary>
/// The idle connections to one backend (<c>host:port</c>), most recently used first so a few warm connections
/// carry the load and the rest age out. <see cref="ForwarderOptions.MaxConnectionsPerServer"/> bounds the
/// requests in flight, and with them the connections, because a connection is only opened for a request that
/// found none idle.
/// </summary>
internal sealed class Http1ConnectionPool : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _connectTimeout;
    private readonly SemaphoreSlim? _limit;
    private readonly ITimer _scavenger;
    private Http1Connection[] _idle = new Http1Connection[8];
    private int _idleCount;
    private bool _disposed;

    public Http1ConnectionPool(string host, int port, ForwarderOptions options, TimeProvider timeProvider)
    {
        Host = host;
        Port = port;
        _timeProvider = timeProvider;
        _idleTimeout = options.PooledConnectionIdleTimeout;
        _connectTimeout = options.ConnectTimeout;
        if (options.MaxConnectionsPerServer != int.MaxValue)
        {
            _limit = new SemaphoreSlim(options.MaxConnectionsPerServer, options.MaxConnectionsPerServer);
        }

        // Idle connections past their timeout are closed even if no request comes to find them.
        var period = _idleTimeout > TimeSpan.FromSeconds(30) || _idleTimeout <= TimeSpan.Zero ? TimeSpan.FromSeconds(30) : _idleTimeout;
        _scavenger = timeProvider.CreateTimer(static state => ((Http1ConnectionPool)state!).CloseExpired(), this, period, period);
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>Waits for a request slot when <see cref="ForwarderOptions.MaxConnectionsPerServer"/> is set.</summary>
    public ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        if (_limit is null)
        {
            return ValueTask.CompletedTask;
        }

        var wait = _limit.WaitAsync(cancellationToken);
        return wait.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(wait);
    }

    public void Exit() => _limit?.Release();

    /// <summary>The most recently used idle connection that is still usable, or null.</summary>
    public Http1Connection? TryRent()
    {
        while (true)
        {
            Http1Connection connection;
            lock (_lock)
            {
                if (_idleCount == 0)
                {
                    return null;
                }

                connection = _idle[--_idleCount];
                _idle[_idleCount] = null!;
            }

            if (!IsExpired(connection) && connection.IsReusable())
            {
                return connection;
            }

            connection.Dispose();
        }
    }

    public void Return(Http1Connection connection)
    {
        connection.IdleSince = _timeProvider.GetTimestamp();
        lock (_lock)
        {
            if (!_disposed)
            {
                if (_idleCount == _idle.Length)
                {
                    Array.Resize(ref _idle, _idle.Length * 2);
                }

                _idle[_idleCount++] = connection;
                return;
            }
        }

        connection.Dispose();
    }

    /// <summary>Opens a new connection; throws <see cref="Http1ConnectException"/> when none can be made.</summary>
    public async ValueTask<Http1Connection> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(_connectTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await (IPAddress.TryParse(Host, out var address)
                ? socket.ConnectAsync(new IPEndPoint(address, Port), linked.Token)
                : socket.ConnectAsync(new DnsEndPoint(Host, Port), linked.Token));
        }
        catch (Exception ex)
        {
            socket.Dispose();
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new Http1ConnectException(DescribeConnectFailure(ex, timeout.IsCancellationRequested), ex);
        }

        return new Http1Connection(socket, _timeProvider);
    }

    public void Dispose()
    {
        Http1Connection[] idle;
        int count;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            idle = _idle;
            count = _idleCount;
            _idleCount = 0;
        }

        _scavenger.Dispose();
        for (var i = 0; i < count; i++)
        {
            idle[i].Dispose();
        }

        _limit?.Dispose();
    }

    private void CloseExpired()
    {
        // The oldest connections are at the bottom of the stack; close those idle too long and slide the rest down.
        List<Http1Connection>? expired = null;
        lock (_lock)
        {
            var keep = 0;
            for (var i = 0; i < _idleCount; i++)
            {
                var connection = _idle[i];
                if (IsExpired(connection))
                {
                    (expired ??= []).Add(connection);
                }
                else
                {
                    _idle[keep++] = connection;
                }
            }

            Array.Clear(_idle, keep, _idleCount - keep);
            _idleCount = keep;
        }

        expired?.ForEach(static connection => connection.Dispose());
    }

    private bool IsExpired(Http1Connection connection)
        => _idleTimeout != Timeout.InfiniteTimeSpan && _timeProvider.GetElapsedTime(connection.IdleSince) >= _idleTimeout;

    private string DescribeConnectFailure(Exception error, bool timedOut)
    {
        if (timedOut || error is OperationCanceledException or TimeoutException)
        {
            return ConnectFailureReasons.TimedOut(_connectTimeout);
        }

        return error is SocketException socket
            ? socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => ConnectFailureReasons.Refused,
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => ConnectFailureReasons.Unresolved,
                _ => ConnectFailureReasons.Unreachable,
            }
            : ConnectFailureReasons.Unreachable;
    }
}

/// <summary>No connection to the backend could be made; <see cref="Exception.Message"/> says why, for the 502 body.</summary>
internal sealed class Http1ConnectException : Exception
{
    public Http1ConnectException(string reason, Exception inner)
        : base(reason, inner)
    {
    }
}
