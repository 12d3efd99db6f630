// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Sticky.TestInfrastructure;

namespace Sticky.Health.Tests;

/// <summary>
/// A real Kestrel backend whose answers a test flips: status code, or hang until released. It records every
/// request (path, Host, User-Agent) and the highest number of requests it had in flight at once.
/// </summary>
internal sealed class HealthTestBackend : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string PathAndQuery, string Host, string UserAgent)> _requests = new();
    private TestKestrelServer? _server;
    private TaskCompletionSource? _hang;
    private int _status = StatusCodes.Status200OK;
    private int _inFlight;
    private int _maxInFlight;

    public int Port => _server!.Port;

    public string Url => $"http://127.0.0.1:{Port}";

    public int Status
    {
        get => Volatile.Read(ref _status);
        set => Volatile.Write(ref _status, value);
    }

    public int RequestCount => _requests.Count;

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public IReadOnlyList<(string PathAndQuery, string Host, string UserAgent)> Requests => [.. _requests];

    public static async Task<HealthTestBackend> StartAsync()
    {
        var backend = new HealthTestBackend();
        backend._server = await TestKestrelServer.StartAsync(app => app.Run(backend.HandleAsync));
        return backend;
    }

    /// <summary>From now on requests wait until <see cref="Release"/> (or until the client gives up).</summary>
    public void Hang() => Volatile.Write(ref _hang, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Release() => Interlocked.Exchange(ref _hang, null)?.TrySetResult();

    /// <summary>Waits (in real time, for the network) until at least <paramref name="count"/> requests arrived.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        var elapsed = Stopwatch.StartNew();
        while (RequestCount < count)
        {
            Assert.That(elapsed.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), $"the backend got {RequestCount} of {count} requests");
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            int seen;
            while (inFlight > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen) != seen)
            {
            }

            _requests.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Host.Value ?? string.Empty, context.Request.Headers.UserAgent.ToString()));
            if (Volatile.Read(ref _hang) is { } hang)
            {
                await hang.Task.WaitAsync(context.RequestAborted);
            }

            context.Response.StatusCode = Status;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
