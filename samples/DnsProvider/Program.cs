// Licensed under the MIT License. See LICENSE in the repository root.

// A sticky balancer whose backends come from DNS, registered with one call: AddStickyProvider.
//
//   dotnet run --project samples/Whoami -- --name local --urls http://127.0.0.1:8000 &
//   dotnet run --project samples/DnsProvider -- --urls http://127.0.0.1:5000 --Dns:HostName=localhost
//   curl -i http://127.0.0.1:5000/
// In a Swarm: --Dns:HostName=tasks.whoami-service --Dns:Port=8000
using DnsProvider;

var builder = WebApplication.CreateBuilder(args);
var options = builder.Configuration.GetSection("Dns").Get<DnsProviderOptions>() ?? new DnsProviderOptions();
builder.Services.AddSingleton(options);
builder.Services.AddSticky();
builder.Services.AddStickyProvider<DnsBackendProvider>();
builder.Services.AddHostedService(static sp => sp.GetRequiredService<DnsBackendProvider>());

var app = builder.Build();
app.MapSticky();
app.Run();
