// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sticky.Forwarding.Tests;

/// <summary>
/// A backend on a real loopback socket that answers with exactly the bytes a test scripts, including responses
/// no well-behaved server would send (folded headers, conflicting lengths, early closes). Kestrel cannot be
/// made to misbehave like that, which is what a proxy's parser must be tested against.
/// </summary>
internal sealed class RawHttpBackend : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<string, byte[]?> _respond;
    private readonly bool _closeAfterResponse;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _clients = [];
    private readonly Task _acceptLoop;
    private int _connections;

    private RawHttpBackend(Func<string, byte[]?> respond, bool closeAfterResponse)
    {
        _respond = respond;
        _closeAfterResponse = closeAfterResponse;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>Request heads received, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// Starts a backend that answers each request head with <paramref name="respond"/>'s bytes (null closes the
    /// connection without answering), keeping the connection open afterwards unless <paramref name="closeAfterResponse"/>.
    /// </summary>
    public static RawHttpBackend Start(Func<string, byte[]?> respond, bool closeAfterResponse = false)
        => new(respond, closeAfterResponse);

    public static RawHttpBackend Start(string response, bool closeAfterResponse = false)
    {
        var bytes = Encoding.Latin1.GetBytes(response);
        return new(_ => bytes, closeAfterResponse);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _clients.Add(client);
            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                var buffer = new List<byte>();
                var chunk = new byte[8192];
                while (!_stop.IsCancellationRequested)
                {
                    var headEnd = IndexOfHeadEnd(buffer);
                    if (headEnd < 0)
                    {
                        var read = await stream.ReadAsync(chunk, _stop.Token);
                        if (read == 0)
                        {
                            return;
                        }

                        buffer.AddRange(chunk.AsSpan(0, read));
                        continue;
                    }

                    var head = Encoding.Latin1.GetString(buffer.GetRange(0, headEnd).ToArray());
                    var bodyLength = ContentLength(head);
                    while (buffer.Count < headEnd + bodyLength)
                    {
                        var read = await stream.ReadAsync(chunk, _stop.Token);
                        if (read == 0)
                        {
                            return;
                        }

                        buffer.AddRange(chunk.AsSpan(0, read));
                    }

                    buffer.RemoveRange(0, headEnd + bodyLength);
                    Requests.Enqueue(head);
                    var response = _respond(head);
                    if (response is null)
                    {
                        return;
                    }

                    await stream.WriteAsync(response, _stop.Token);
                    if (_closeAfterResponse)
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The proxy closed the connection, or the test is over.
        }
    }

    private static int IndexOfHeadEnd(List<byte> buffer)
    {
        for (var i = 3; i < buffer.Count; i++)
        {
            if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r')
            {
                return i + 1;
            }
        }

        return -1;
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
