// Licensed under the MIT License. See LICENSE in the repository root.

// A tiny backend in the spirit of the jwilder/whoami image the Swarm tutorial uses: it answers
// "I'm <name>" and echoes the request it received, so you can see which backend served you and
// what the balancer forwarded (X-Forwarded-* headers, the affinity cookie).
//
//   dotnet run --project samples/Whoami -- --name alpha --urls http://127.0.0.1:5001
using System.Text;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

// --name wins, then WHOAMI_NAME, then the host name (a container's short id in Docker, as with whoami).
var name = app.Configuration["name"] ?? Environment.GetEnvironmentVariable("WHOAMI_NAME") ?? Environment.MachineName;

app.UseWebSockets();

app.MapGet("/health", static () => "OK");

app.Map("/ws", async context =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    // Echo every message prefixed with our name, so a client sees which backend holds its socket.
    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    var buffer = new byte[4096];
    while (true)
    {
        var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
        if (received.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
        {
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
            return;
        }

        var reply = Encoding.UTF8.GetBytes($"{name}: {Encoding.UTF8.GetString(buffer, 0, received.Count)}");
        await socket.SendAsync(reply, System.Net.WebSockets.WebSocketMessageType.Text, true, context.RequestAborted);
    }
});

app.MapFallback(async context =>
{
    var request = context.Request;
    var text = new StringBuilder();
    text.Append("I'm ").Append(name).Append('\n');
    text.Append(request.Method).Append(' ').Append(request.Path).Append(request.QueryString).Append(' ').Append(request.Protocol).Append('\n');
    foreach (var header in request.Headers.OrderBy(static h => h.Key, StringComparer.OrdinalIgnoreCase))
    {
        text.Append(header.Key).Append(": ").Append(header.Value.ToString()).Append('\n');
    }

    context.Response.ContentType = "text/plain; charset=utf-8";
    await context.Response.WriteAsync(text.ToString(), context.RequestAborted);
});

app.Run();
