// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Sticky.Forwarding;
using Sticky.Providers;
using Sticky.Proxy;

namespace Sticky.Diagnostics.Tests;

[TestFixture]
[NonParallelizable]
public sealed class StickyTelemetryActivityTests
{
    [Test]
    public void StartRequest_NobodyListens_ReturnsNull()
    {
        using var context = new DiagnosticsTestContext(new InMemoryBackendProvider([DiagnosticsTestContext.Service("web", "http://127.0.0.1:1")]));
        context.State.Rebuild();
        using var telemetry = new StickyTelemetry(context.MeterFactory, TimeProvider.System);
        var service = context.State.Current.Services["web"];

        using var activity = telemetry.StartRequest(new DefaultHttpContext(), service, service.Backends[0]);

        Assert.That(activity, Is.Null);
    }

    [Test]
    public void StartRequest_Listened_StartsAClientActivityThatForwardedCompletes()
    {
        using var context = new DiagnosticsTestContext(new InMemoryBackendProvider([DiagnosticsTestContext.Service("web", "http://127.0.0.1:1", "http://127.0.0.1:2")]));
        context.State.Rebuild();
        using var telemetry = new StickyTelemetry(context.MeterFactory, TimeProvider.System);
        var stopped = new List<Activity>();
        using var listener = Listen(stopped);
        var service = context.State.Current.Services["web"];
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Response.StatusCode = 502;

        using (var activity = telemetry.StartRequest(http, service, service.Backends[0]))
        {
            Assert.That(activity, Is.Not.Null);
            telemetry.Retrying(service, service.Backends[0], service.Backends[1]);
            telemetry.Forwarded(http, service, service.Backends[1], new ForwardResult(ForwardOutcome.ConnectFailed, 502, requestBodyStarted: false), Stopwatch.GetTimestamp());
        }

        var recorded = stopped.Single();
        Assert.Multiple(() =>
        {
            Assert.That(recorded.Source.Name, Is.EqualTo(StickyTelemetry.ActivitySourceName));
            Assert.That(recorded.Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(recorded.DisplayName, Is.EqualTo("GET web"));
            Assert.That(recorded.GetTagItem("http.request.method"), Is.EqualTo("GET"));
            Assert.That(recorded.GetTagItem("server.address"), Is.EqualTo("127.0.0.1"));
            Assert.That(recorded.GetTagItem("sticky.service"), Is.EqualTo("web"));
            Assert.That(recorded.GetTagItem("sticky.backend"), Is.EqualTo("http://127.0.0.1:2"), "the backend that finally answered");
            Assert.That(recorded.GetTagItem("http.response.status_code"), Is.EqualTo(502));
            Assert.That(recorded.GetTagItem("error.type"), Is.EqualTo("connect_failed"));
            Assert.That(recorded.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(recorded.Events.Select(static e => e.Name), Is.EqualTo(new[] { "sticky.retry" }));
        });
    }

    [Test]
    public void StartRequest_ListenerSamplesNothing_ReturnsNull()
    {
        using var context = new DiagnosticsTestContext(new InMemoryBackendProvider([DiagnosticsTestContext.Service("web", "http://127.0.0.1:1")]));
        context.State.Rebuild();
        using var telemetry = new StickyTelemetry(context.MeterFactory, TimeProvider.System);
        using var listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == StickyTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
        };
        ActivitySource.AddActivityListener(listener);
        var service = context.State.Current.Services["web"];

        using var activity = telemetry.StartRequest(new DefaultHttpContext(), service, service.Backends[0]);

        Assert.That(activity, Is.Null);
    }

    private static ActivityListener Listen(List<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == StickyTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
