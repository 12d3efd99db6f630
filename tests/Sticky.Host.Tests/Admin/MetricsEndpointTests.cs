// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Sticky.Backends;

namespace Sticky.Host.Admin.Tests;

[TestFixture]
public sealed class MetricsEndpointTests
{
    private AdminTestCluster _cluster = null!;

    [SetUp]
    public async Task SetUp() => _cluster = await AdminTestCluster.StartAsync();

    [TearDown]
    public async Task TearDown() => await _cluster.DisposeAsync();

    [Test]
    public async Task Metrics_BeforeTraffic_IsValidPrometheusTextWithEveryFamily()
    {
        using var response = await _cluster.Admin.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));
            Assert.That(text.Families.Keys, Is.SupersetOf(new[]
            {
                "sticky_requests_total", "sticky_request_duration_seconds", "sticky_route_misses_total", "sticky_no_backend_total",
                "sticky_affinity_total", "sticky_retries_total", "sticky_health_transitions_total", "sticky_backend_in_flight",
                "sticky_backend_pinned_clients", "sticky_backends", "sticky_provider_refreshes_total", "sticky_provider_errors_total",
                "sticky_routing_generation", "process_resident_memory_bytes", "dotnet_gc_collections_total", "dotnet_gc_pause_seconds_total",
            }));
            Assert.That(text.Families.Values.Select(static f => f.Help), Has.All.Not.Null.And.Not.Empty);
            Assert.That(text.Families["sticky_requests_total"].Type, Is.EqualTo("counter"));
            Assert.That(text.Families["sticky_request_duration_seconds"].Type, Is.EqualTo("histogram"));
            Assert.That(text.Families["sticky_backends"].Type, Is.EqualTo("gauge"));
            Assert.That(text.Value("sticky_routing_generation"), Is.GreaterThanOrEqualTo(1));
            Assert.That(text.Value("sticky_backends", ("service", "web"), ("health", "unknown")), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Metrics_AsTrafficIsDriven_CountersMove()
    {
        var before = await ScrapeAsync();
        await _cluster.DriveClientsAsync("/web/", clients: 4, repeats: 2);
        await _cluster.SendAsync("/nowhere", "lost-client");
        var web1 = _cluster.Backends[0].UrlText;

        var after = await ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(before.Sum("sticky_requests_total"), Is.Zero);
            Assert.That(after.Sum("sticky_requests_total", ("service", "web")), Is.EqualTo(12));
            Assert.That(after.Sum("sticky_requests_total", ("service", "web"), ("code", "200")), Is.EqualTo(12));
            Assert.That(after.Sum("sticky_requests_total", ("service", "web"), ("backend", web1)), Is.EqualTo(6));
            Assert.That(after.Sum("sticky_request_duration_seconds_count", ("service", "web")), Is.EqualTo(12));
            Assert.That(after.Sum("sticky_request_duration_seconds_bucket", ("service", "web"), ("le", "+Inf")), Is.EqualTo(12));
            Assert.That(after.Sum("sticky_request_duration_seconds_sum", ("service", "web")), Is.GreaterThan(0));
            Assert.That(after.Value("sticky_affinity_total", ("service", "web"), ("status", "none")), Is.EqualTo(4));
            Assert.That(after.Value("sticky_affinity_total", ("service", "web"), ("status", "hit")), Is.EqualTo(8));
            Assert.That(after.Sum("sticky_route_misses_total"), Is.EqualTo(1));
            Assert.That(after.Sum("sticky_backend_pinned_clients", ("service", "web")), Is.InRange(3, 4));
            Assert.That(after.Value("sticky_backend_in_flight", ("service", "web"), ("backend", web1)), Is.Zero);
        });
    }

    [Test]
    public async Task Metrics_HealthAndProviderChanges_ShowInGauges()
    {
        // Start-up may still be reconciling health (a rebuild resets unchecked backends to unknown), so set
        // the states until a scrape shows them.
        PrometheusText before = null!;
        await Eventually.ThatAsync(async () =>
        {
            _cluster.Backend("api", "api-1").State.SetHealth(BackendHealth.Unhealthy);
            _cluster.Backend("api", "api-2").State.SetHealth(BackendHealth.Healthy);
            before = await ScrapeAsync();
            return before.Value("sticky_backends", ("service", "api"), ("health", "unhealthy")) == 1
                && before.Value("sticky_backends", ("service", "api"), ("health", "healthy")) == 1;
        });

        _cluster.Provider.Update([.. AdminTestCluster.Services(_cluster.Backends).Take(1)]);
        // Wait for the rebuild this update causes, not just any rebuild (start-up may still have one queued).
        await Eventually.ThatAsync(async () =>
        {
            var scrape = await ScrapeAsync();
            return scrape.Value("sticky_routing_generation") > before.Value("sticky_routing_generation")
                && !scrape.Samples("sticky_backends", ("service", "api")).Any()
                && scrape.Sum("sticky_routing_rebuild_duration_seconds_count") > before.Sum("sticky_routing_rebuild_duration_seconds_count")
                && scrape.Value("sticky_provider_refreshes_total", ("provider", "test")) > before.Value("sticky_provider_refreshes_total", ("provider", "test"));
        });
        var after = await ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(before.Value("sticky_backends", ("service", "api"), ("health", "unhealthy")), Is.EqualTo(1));
            Assert.That(before.Value("sticky_backends", ("service", "api"), ("health", "healthy")), Is.EqualTo(1));
            Assert.That(after.Samples("sticky_backends", ("service", "api")), Is.Empty, "a removed service's gauges disappear");
            Assert.That(after.Value("sticky_provider_refreshes_total", ("provider", "test")), Is.EqualTo(before.Value("sticky_provider_refreshes_total", ("provider", "test")) + 1));
            Assert.That(after.Value("sticky_provider_errors_total", ("provider", "test")), Is.Zero);
            Assert.That(after.Families["sticky_routing_rebuild_duration_seconds"].Type, Is.EqualTo("histogram"));
            Assert.That(after.Sum("sticky_routing_rebuild_duration_seconds_sum"), Is.GreaterThan(0), "the rebuild's own time is recorded");
        });
    }

    [Test]
    public async Task Metrics_ConcurrentTrafficAndScrapes_StayValid()
    {
        // Scrapes interleaved with requests: every scrape must parse (histograms consistent) while counters move.
        var traffic = Task.Run(() => _cluster.DriveClientsAsync("/web/", clients: 20, repeats: 3, prefix: "busy"));
        var scrapes = 0;
        while (!traffic.IsCompleted && scrapes < 200)
        {
            await ScrapeAsync();
            scrapes++;
        }

        await traffic;
        var final = await ScrapeAsync();

        Assert.That(final.Sum("sticky_requests_total", ("service", "web")), Is.EqualTo(80));
    }

    private async Task<PrometheusText> ScrapeAsync()
    {
        var text = await _cluster.Admin.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return PrometheusText.Parse(text);
    }
}
