// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Sticky.Host.Hosting.Tests;

/// <summary>
/// Sticky as a real process receiving SIGTERM (what Docker and Swarm send): requests in flight complete,
/// new connections are refused, and the process exits 0.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class StickyHostShutdownTests
{
    [Test]
    public async Task Sigterm_WithRequestsInFlight_TheyCompleteNewConnectionsAreRefusedAndExitCodeIsZero()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("SIGTERM is a POSIX signal");
        }

        await using var backend = await StartSlowBackendAsync(TimeSpan.FromSeconds(3));
        var proxyPort = FreePort();
        var adminPort = FreePort();
        using var sticky = StartSticky(backend.Urls.First(), proxyPort, adminPort);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        sticky.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        sticky.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        sticky.BeginOutputReadLine();
        sticky.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            await WaitForPingAsync(client, adminPort, output);

            var inFlight = Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.GetStringAsync($"http://127.0.0.1:{proxyPort}/slow")));
            await Task.Delay(800);
            using (var term = Process.Start("kill", $"-TERM {sticky.Id}"))
            {
                await term.WaitForExitAsync();
            }

            await Task.Delay(500);
            Assert.That(CanConnect(proxyPort), Is.False, "new connections are refused once shutdown starts");

            var answers = await inFlight;
            Assert.That(answers, Has.All.EqualTo("slow answer"), "requests in flight completed");

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await sticky.WaitForExitAsync(exit.Token);
            Assert.That(sticky.ExitCode, Is.Zero, string.Join(Environment.NewLine, output));
        }
        finally
        {
            if (!sticky.HasExited)
            {
                sticky.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartSticky(string backendUrl, int proxyPort, int adminPort)
    {
        var hostDll = Path.Combine(AppContext.BaseDirectory, "Sticky.Host.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add($"--proxy.address=127.0.0.1:{proxyPort}");
        start.ArgumentList.Add($"--admin.address=127.0.0.1:{adminPort}");
        start.ArgumentList.Add("--Sticky:Health:ShutdownGracePeriod=00:00:10");
        start.Environment["STICKY__Services__slow__Backends__0__Url"] = backendUrl;
        return Process.Start(start)!;
    }

    private static async Task<WebApplication> StartSlowBackendAsync(TimeSpan delay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(static k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            await Task.Delay(delay, context.RequestAborted);
            await context.Response.WriteAsync("slow answer", context.RequestAborted);
        });
        await app.StartAsync();
        return app;
    }

    private static async Task WaitForPingAsync(HttpClient client, int adminPort, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await client.GetStringAsync($"http://127.0.0.1:{adminPort}/ping") == "OK")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail("Sticky did not answer /ping within 30 s:" + Environment.NewLine + string.Join(Environment.NewLine, output));
    }

    private static bool CanConnect(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
