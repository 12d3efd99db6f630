// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Sticky.Host.Admin.Metrics;
using Sticky.Host.Admin.Tests;

namespace Sticky.Host.Admin.Metrics.Tests;

[TestFixture]
public sealed class PrometheusExporterTests
{
    private ServiceProvider _services = null!;

    // Owned by the service provider, which disposes it.
    private IMeterFactory Factory => _services.GetRequiredService<IMeterFactory>();

    [SetUp]
    public void SetUp() => _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [TearDown]
    public void TearDown() => _services.Dispose();

    [Test]
    public void Record_ExistingSeries_AllocatesNothing()
    {
        using var exporter = new PrometheusExporter(Factory);
        var meter = Factory.Create("Sticky");
        var counter = meter.CreateCounter<long>("sticky.test.requests");
        var histogram = meter.CreateHistogram<double>("sticky.test.duration", "s");
        object code = 200;
        var service = new KeyValuePair<string, object?>("service", "web");
        var backend = new KeyValuePair<string, object?>("backend", "http://127.0.0.1:1");
        var status = new KeyValuePair<string, object?>("code", code);
        for (var i = 0; i < 1_000; i++)
        {
            // Warm up: the first calls of a path allocate once (JIT, statics), which is not per measurement.
            counter.Add(1, service, backend, status);
            histogram.Record(0.01 * (i % 100), service, backend);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            counter.Add(1, service, backend, status);
            histogram.Record(0.01 * (i % 100), service, backend);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Scrape_ValuesNeedingEscapes_AreEscapedAndParse()
    {
        using var exporter = new PrometheusExporter(Factory);
        var meter = Factory.Create("Sticky");
        var counter = meter.CreateCounter<long>("sticky.test.weird", "{request}", "Help with a \\ backslash\nand a line feed.");

        counter.Add(2, new KeyValuePair<string, object?>("service", "a \"quoted\" \\ name\nwith a line feed"), new KeyValuePair<string, object?>("bad-tag.name", true));
        var text = exporter.Scrape();
        var parsed = PrometheusText.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("# HELP sticky_test_weird_total Help with a \\\\ backslash\\nand a line feed."));
            Assert.That(text, Does.Contain("sticky_test_weird_total{service=\"a \\\"quoted\\\" \\\\ name\\nwith a line feed\",bad_tag_name=\"true\"} 2"));
            Assert.That(parsed.Families["sticky_test_weird_total"].Samples.Single().Labels["service"], Is.EqualTo("a \"quoted\" \\ name\nwith a line feed"));
        });
    }

    [Test]
    public void Scrape_Histogram_CountsIntoCumulativeBuckets()
    {
        using var exporter = new PrometheusExporter(Factory);
        var histogram = Factory.Create("Sticky").CreateHistogram<double>("sticky.test.latency", "s", null, tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });

        foreach (var value in new[] { 0.05, 0.1, 0.5, 2, 30 })
        {
            histogram.Record(value);
        }

        var parsed = PrometheusText.Parse(exporter.Scrape());

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Value("sticky_test_latency_seconds_bucket", ("le", "0.1")), Is.EqualTo(2), "a value equal to a bound counts in that bucket");
            Assert.That(parsed.Value("sticky_test_latency_seconds_bucket", ("le", "1")), Is.EqualTo(3));
            Assert.That(parsed.Value("sticky_test_latency_seconds_bucket", ("le", "+Inf")), Is.EqualTo(5));
            Assert.That(parsed.Value("sticky_test_latency_seconds_count"), Is.EqualTo(5));
            Assert.That(parsed.Value("sticky_test_latency_seconds_sum"), Is.EqualTo(32.65).Within(1e-9));
        });
    }

    [Test]
    public void Scrape_MeterOfAnotherFactoryOrName_IsIgnored()
    {
        using var exporter = new PrometheusExporter(Factory);
        using var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        otherServices.GetRequiredService<IMeterFactory>().Create("Sticky").CreateCounter<long>("sticky.other.host").Add(1);
        Factory.Create("NotSticky").CreateCounter<long>("not.sticky").Add(1);

        var text = exporter.Scrape();

        Assert.That(text, Does.Not.Contain("sticky_other_host").And.Not.Contain("not_sticky"));
    }

    [Test]
    public void Scrape_ObservableGauge_ReportsOnlyCurrentSeries()
    {
        using var exporter = new PrometheusExporter(Factory);
        var backends = new List<string> { "a", "b" };
        Factory.Create("Sticky").CreateObservableGauge("sticky.test.live", () => backends.Select(static b => new Measurement<int>(1, new KeyValuePair<string, object?>("backend", b))));

        var first = PrometheusText.Parse(exporter.Scrape());
        backends.Remove("a");
        var second = PrometheusText.Parse(exporter.Scrape());

        Assert.Multiple(() =>
        {
            Assert.That(first.Samples("sticky_test_live").Count(), Is.EqualTo(2));
            Assert.That(second.Samples("sticky_test_live").Select(static s => s.Labels["backend"]), Is.EqualTo(new[] { "b" }));
        });
    }

    [TestCase("sticky.requests", "{request}", true, "sticky_requests_total")]
    [TestCase("sticky.request.duration", "s", false, "sticky_request_duration_seconds")]
    [TestCase("sticky.backend.in_flight", "{request}", false, "sticky_backend_in_flight")]
    [TestCase("sticky.received", "By", true, "sticky_received_bytes_total")]
    [TestCase("sticky.bytes", "By", true, "sticky_bytes_total")]
    [TestCase("9lives-x", null, false, "_9lives_x")]
    public void MetricName_OpenTelemetryName_FollowsPrometheusConventions(string name, string? unit, bool counter, string expected)
    {
        Assert.That(PrometheusNames.MetricName(name, unit, counter), Is.EqualTo(expected));
    }
}
