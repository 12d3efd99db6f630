// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Sticky.Host.Docker.Client;

namespace Sticky.Host.Docker.Tests;

/// <summary>The client against a real Kestrel that plays the daemon on a unix socket.</summary>
[TestFixture]
public sealed class DockerApiClientTests
{
    private string _socketPath = null!;
    private WebApplication _daemon = null!;
    private string? _lastFilters;
    private string _apiVersion = null!;

    [SetUp]
    public async Task SetUp()
    {
        // NUnit reuses the fixture instance across its tests, so every field is reset here.
        _apiVersion = "1.99";
        _lastFilters = null;
        _socketPath = Path.Combine(Path.GetTempPath(), $"sticky-fake-docker-{Guid.NewGuid():N}.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(o => o.ListenUnixSocket(_socketPath));
        _daemon = builder.Build();
        _daemon.MapGet("/version", (HttpContext c) => Json(c, $$"""{"Version":"27.0.0","ApiVersion":"{{_apiVersion}}","MinAPIVersion":"1.12"}"""));
        _daemon.MapGet("/v1.47/services", (HttpContext c) => Json(c, """{"message":"This node is not a swarm manager."}""", 503));
        _daemon.MapGet("/v1.41/services", (HttpContext c) => Json(c, """[{"ID":"s1","Spec":{"Name":"web","Labels":{"traefik.port":"80"}}}]"""));
        _daemon.MapGet("/v1.47/tasks", (HttpContext c) =>
        {
            _lastFilters = c.Request.Query["filters"];
            return Json(c, """[{"ID":"t1","ServiceID":"s1","Slot":1,"DesiredState":"running","Status":{"State":"running","Timestamp":"2026-11-21T23:28:29.469378212Z"}}]""");
        });
        _daemon.MapGet("/v1.47/containers/{id}/json", (HttpContext c) => Json(c, """{"message":"No such container: nope"}""", 404));
        _daemon.MapGet("/v1.47/events", async (HttpContext c) =>
        {
            _lastFilters = c.Request.Query["filters"];
            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync("""{"Type":"service","Action":"update","Actor":{"ID":"s1","Attributes":{"name":"web"}},"scope":"swarm","time":1,"timeNano":1}""" + "\n");
            await c.Response.Body.FlushAsync();
            await c.Response.WriteAsync("not json\n\n");
            await c.Response.WriteAsync("""{"Type":"container","Action":"die","Actor":{"ID":"c1"},"scope":"local","time":2,"timeNano":2}""" + "\n");
        });
        await _daemon.StartAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _daemon.StopAsync();
        await _daemon.DisposeAsync();
        File.Delete(_socketPath);
    }

    [Test]
    public async Task ListTasksAsync_NewerDaemon_NegotiatesNewestKnownVersionAndSendsFilters()
    {
        using var client = Client();

        var tasks = await client.ListTasksAsync(["s1"], ["running"], CancellationToken.None);

        Assert.That(client.NegotiatedVersion, Is.EqualTo("1.47"));
        Assert.That(tasks.Single().Status!.State, Is.EqualTo("running"));
        Assert.That(_lastFilters, Is.EqualTo("""{"service":["s1"],"desired-state":["running"]}"""));
    }

    [Test]
    public async Task ListServicesAsync_OlderDaemon_UsesDaemonVersion()
    {
        _apiVersion = "1.41";
        using var client = Client();

        var services = await client.ListServicesAsync(CancellationToken.None);

        Assert.That(services.Single().Spec!.Labels!["traefik.port"], Is.EqualTo("80"));
    }

    [Test]
    public async Task ListServicesAsync_DaemonError_ExceptionCarriesEndpointStatusAndMessage()
    {
        using var client = Client();

        var ex = await Assert.ThrowsAsync<DockerApiException>(() => client.ListServicesAsync(CancellationToken.None));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(ex.DaemonMessage, Is.EqualTo("This node is not a swarm manager."));
        Assert.That(ex.Endpoint, Is.EqualTo("GET /v1.47/services"));
        Assert.That(ex.Message, Does.Contain("503").And.Contain("not a swarm manager"));
    }

    [Test]
    public async Task InspectContainerAsync_NotFound_Null()
    {
        using var client = Client();

        Assert.That(await client.InspectContainerAsync("nope", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task MonitorEventsAsync_StreamEnds_YieldsParsedEventsThenCompletes()
    {
        using var client = Client();
        var events = new List<Sticky.Host.Docker.Client.Models.DockerEvent>();

        await foreach (var e in client.MonitorEventsAsync(["service", "container"], CancellationToken.None))
        {
            events.Add(e);
        }

        Assert.That(events.Select(static e => $"{e.Type} {e.Action} {e.Scope}"), Is.EqualTo(new[] { "service update swarm", "container die local" }));
        Assert.That(events[0].Actor!.Attributes!["name"], Is.EqualTo("web"));
        Assert.That(_lastFilters, Is.EqualTo("""{"type":["service","container"]}"""));
    }

    [Test]
    public async Task GetVersionAsync_SocketMissing_ClearMessage()
    {
        using var client = new DockerApiClient(DockerEndpoint.Resolve("unix:///tmp/sticky-no-such-docker.sock"));

        var ex = await Assert.ThrowsAsync<DockerApiException>(() => client.GetVersionAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.StartWith("cannot connect to the Docker daemon at unix:///tmp/sticky-no-such-docker.sock: "));
        Assert.That(ex.Message, Does.Contain("does not exist"));
        Assert.That(ex.StatusCode, Is.Null);
    }

    private DockerApiClient Client() => new(DockerEndpoint.Resolve("unix://" + _socketPath));

    private static Task Json(HttpContext context, string body, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }
}
