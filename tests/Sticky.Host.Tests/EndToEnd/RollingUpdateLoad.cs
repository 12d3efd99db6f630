// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>
/// One client of the load. A pinned client behaves like a browser: it sends the affinity cookie it holds and
/// takes whatever Set-Cookie gives it. A new client never sends a cookie, so every request is a new visitor
/// that Sticky has to place.
/// </summary>
internal sealed class RollingUpdateClient : IDisposable
{
    private readonly ProxyClient _http;
    private readonly List<RollingUpdateSample> _samples = [];

    public RollingUpdateClient(int number, bool pinned, Uri proxy)
    {
        Number = number;
        Pinned = pinned;
        _http = new ProxyClient(proxy);
    }

    public int Number { get; }

    public bool Pinned { get; }

    /// <summary>The cookie a pinned client sends (<c>name=value</c>), or null.</summary>
    public string? Cookie { get; private set; }

    /// <summary>Everything it sent and got, in order (only read once the load has stopped).</summary>
    public IReadOnlyList<RollingUpdateSample> Samples => _samples;

    public async Task<RollingUpdateSample> SendAsync()
    {
        var sent = DateTimeOffset.UtcNow;
        var response = await _http.GetAsync(Pinned ? Cookie : null);
        if (Pinned && response.CookiePair is { } pair)
        {
            Cookie = pair;
        }

        var sample = new RollingUpdateSample(Number, Pinned, sent, response);
        _samples.Add(sample);
        return sample;
    }

    public void Dispose() => _http.Dispose();

    public override string ToString() => $"client {Number} ({(Pinned ? "pinned" : "new")})";
}

/// <summary>One request of the load and what came back.</summary>
/// <param name="Client">The client's number.</param>
/// <param name="Pinned">Whether the client holds a cookie.</param>
/// <param name="Sent">When the request was sent.</param>
/// <param name="Response">The response (status 0 when none came).</param>
internal sealed record RollingUpdateSample(int Client, bool Pinned, DateTimeOffset Sent, ProxyResponse Response)
{
    /// <summary>Anything but a 200 from a task naming itself is a failure a user would notice.</summary>
    public bool Failed => Response.Hostname is null;

    public TimeSpan Latency => Response.At - Sent;

    public override string ToString() => $"client {Client} sent {Sent:HH:mm:ss.fff} ({Latency.TotalMilliseconds:F0} ms): {Response}";
}

/// <summary>Every client in a loop of its own until stopped, bounded in requests and time.</summary>
internal sealed class RollingUpdateLoad
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<bool[]> _all;

    private RollingUpdateLoad(IReadOnlyList<RollingUpdateClient> clients, TimeSpan pause, int maxRequests, TimeSpan maxDuration) =>
        _all = Task.WhenAll(clients.Select(c => Task.Run(() => RunAsync(c, pause, maxRequests, maxDuration, _stop.Token))));

    public static RollingUpdateLoad Start(IReadOnlyList<RollingUpdateClient> clients, TimeSpan pause, int maxRequests, TimeSpan maxDuration) =>
        new(clients, pause, maxRequests, maxDuration);

    /// <summary>Stops the loops and waits for the requests in flight (each is bounded by the client's timeout).</summary>
    /// <returns>Whether some loop had reached its bound before: then the load did not cover everything until now.</returns>
    public async Task<bool> StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        return (await _all).Any(static bounded => bounded);
    }

    // Returns true when the loop ended on its bound rather than on the stop signal.
    private static async Task<bool> RunAsync(RollingUpdateClient client, TimeSpan pause, int maxRequests, TimeSpan maxDuration, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < maxRequests && clock.Elapsed < maxDuration; i++)
        {
            if (stop.IsCancellationRequested)
            {
                return false;
            }

            await client.SendAsync();
            try
            {
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return !stop.IsCancellationRequested;
    }
}
