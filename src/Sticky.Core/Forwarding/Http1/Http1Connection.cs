// Licensed under the MIT License. See LICENSE in the repository root.

using System.Buffers;
using System.Net.Sockets;

namespace Sticky.Forwarding.Http1;

/// <summary>
/// One pooled HTTP/1.1 connection to a backend. It carries one request at a time. Everything a request needs
/// and would otherwise allocate (receive and request-head buffers, the timeout timer, the abort callback's
/// state, the header strings of the last response) lives here and is reused by the next request.
/// </summary>
internal sealed class Http1Connection : IDisposable
{
    // Big enough for any ordinary response head and a small body in one receive. The buffer is the
    // connection's own rather than rented per request: with one core, ArrayPool.Shared keeps only a handful of
    // arrays per size, far fewer than the requests in flight, so most rentals allocated anyway.
    private const int BufferSize = 16 * 1024;

    private readonly byte[] _ownBuffer = new byte[BufferSize];

    private readonly ITimer _timer;
    private TimeSpan _timeout = Timeout.InfiniteTimeSpan;
    private int _abortReason;
    private int _disposed;
    private bool _bodyStarted;
    private volatile bool _timeoutStopped;

    public Http1Connection(Socket socket, TimeProvider timeProvider)
    {
        Socket = socket;

        // One timer for the connection's whole life, re-armed per request: a CancellationTokenSource per
        // request would cost a timer, a source and a registration each time.
        _timer = timeProvider.CreateTimer(static state => ((Http1Connection)state!).Abort(Http1AbortReason.Timeout), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public Socket Socket { get; }

    /// <summary>The head of the request being sent; its buffer is released once sent.</summary>
    public Http1RequestHead RequestHead { get; } = new();

    /// <summary>
    /// Set before the first byte of the client's body is read: from then on it may be partly consumed, and the
    /// request can no longer be replayed elsewhere. Written by the body sender, read by the request path.
    /// </summary>
    public bool BodyStarted
    {
        get => Volatile.Read(ref _bodyStarted);
        set => Volatile.Write(ref _bodyStarted, value);
    }

    /// <summary>Header names and values of recent responses, reused when the backend sends the same bytes again.</summary>
    public HeaderStringCache Strings { get; } = new();

    /// <summary>When the connection was last returned to the pool, for the idle timeout.</summary>
    public long IdleSince { get; set; }

    /// <summary>The receive buffer of the current request: the connection's own, or a larger rented one while a head needs it.</summary>
    public byte[] Buffer { get; private set; } = [];

    /// <summary>Scratch for a chunk-size line of a chunked request body.</summary>
    public byte[] ChunkHeader { get; } = new byte[16];

    public Http1AbortReason AbortReason => (Http1AbortReason)Volatile.Read(ref _abortReason);

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public void RentBuffer() => Buffer = _ownBuffer;

    /// <summary>Replaces the buffer with a larger one, keeping <paramref name="used"/> bytes from the start.</summary>
    public void GrowBuffer(int used)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Buffer.Length * 2);
        Buffer.AsSpan(0, used).CopyTo(larger);
        ReturnBuffer();
        Buffer = larger;
    }

    public void ReturnBuffer()
    {
        if (!ReferenceEquals(Buffer, _ownBuffer) && Buffer.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
        }

        Buffer = [];
    }

    /// <summary>Starts the request timeout; when it fires the connection is aborted.</summary>
    public void StartTimeout(TimeSpan timeout)
    {
        _timeout = timeout;
        _timeoutStopped = false;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer.Change(timeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Request body data flowed: the timeout counts again from now, unless the response head is in.</summary>
    public void RestartTimeout()
    {
        if (_timeoutStopped || _timeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        _timer.Change(_timeout, Timeout.InfiniteTimeSpan);

        // StopTimeout may have run between the check and the Change; whichever ran last, the timer ends stopped.
        if (_timeoutStopped)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void StopTimeout()
    {
        _timeoutStopped = true;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Ends the connection from another thread (timeout, client abort): closing the socket fails whatever send
    /// or receive is pending, and the request path reads <see cref="AbortReason"/> to tell why.
    /// </summary>
    public void Abort(Http1AbortReason reason)
    {
        Interlocked.CompareExchange(ref _abortReason, (int)reason, (int)Http1AbortReason.None);
        Dispose();
    }

    /// <summary>Clears the abort reason before the connection carries another request.</summary>
    public void ResetForRequest()
    {
        Volatile.Write(ref _abortReason, (int)Http1AbortReason.None);
        BodyStarted = false;
    }

    /// <summary>
    /// Whether the idle connection still looks usable: the backend has neither closed it nor sent anything
    /// unasked (which would be answered to the wrong request).
    /// </summary>
    public bool IsReusable()
    {
        try
        {
            return !IsDisposed && !Socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _timer.Dispose();
        Socket.Dispose();
    }
}

/// <summary>Why a connection was aborted while a request was on it.</summary>
internal enum Http1AbortReason
{
    None,
    Timeout,
    ClientAborted,

    /// <summary>The client's request body failed (bad chunking, size limit) while it was being sent up.</summary>
    ClientBodyFailed,
    Forwarder,
}
