// Licensed under the MIT License. See LICENSE in the repository root.

// An ASP.NET Core app that is also a sticky load balancer: its own endpoints are served locally,
// everything else is balanced over the backends from appsettings.json ("Sticky:Services") and from
// code (an InMemoryBackendProvider you can update at run time).
//
//   dotnet run --project samples/Whoami -- --name one --urls http://127.0.0.1:5001 &
//   dotnet run --project samples/Whoami -- --name two --urls http://127.0.0.1:5002 &
//   dotnet run --project samples/Embedding -- --urls http://127.0.0.1:5000
//   curl -i http://127.0.0.1:5000/            # balanced, sets the _a49bc cookie
//   curl http://127.0.0.1:5000/gateway/info   # served by this app itself
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Providers;

var builder = WebApplication.CreateBuilder(args);

// Services from configuration come for free; this adds one more from code.
var fromCode = new InMemoryBackendProvider(name: "code");
fromCode.Update([new ServiceConfig
{
    Name = "reports",
    Rule = "PathPrefix(`/reports`)",
    Backends = [new BackendConfig { Url = "http://127.0.0.1:5002" }],
    Affinity = new AffinityCookieConfig { CookieName = "reports_affinity", SameSite = SameSiteMode.Lax },
}]);

builder.Services.AddSticky(options => options.AffinitySecret = builder.Configuration["GatewaySecret"]);
builder.Services.AddStickyProvider(fromCode);

var app = builder.Build();
app.MapGet("/gateway/info", static () => "This endpoint is served by the gateway itself.");
app.MapSticky();
app.Run();
