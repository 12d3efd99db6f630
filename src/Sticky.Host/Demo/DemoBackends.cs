// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Sticky.Host.Demo;

/// <summary>
/// Three whoami-like backends on loopback ephemeral ports, for <c>--demo</c>: a sticky balancer you can
/// try with curl on a machine with nothing but the .NET SDK.
/// </summary>
internal sealed class DemoBackends : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];

    private DemoBackends()
    {
    }

    public IReadOnlyList<(string Name, string Url)> Backends { get; private set; } = [];

    public static async Task<DemoBackends> StartAsync(int count, CancellationToken cancellationToken)
    {
        var demo = new DemoBackends();
        var backends = new List<(string, string)>();
        for (var i = 1; i <= count; i++)
        {
            var name = $"whoami-{i}";
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(static k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(context =>
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                return context.Response.WriteAsync($"I'm {name}\n{context.Request.Method} {context.Request.Path}{context.Request.QueryString}\n", context.RequestAborted);
            });
            await app.StartAsync(cancellationToken);
            demo._apps.Add(app);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            backends.Add((name, address));
        }

        demo.Backends = backends;
        return demo;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
