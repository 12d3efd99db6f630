// Licensed under the MIT License. See LICENSE in the repository root.

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/ping", static () => "OK");
app.Run();
