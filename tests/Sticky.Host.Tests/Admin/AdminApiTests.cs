// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using System.Text.Json;
using Sticky.Backends;

namespace Sticky.Host.Admin.Tests;

[TestFixture]
public sealed class AdminApiTests
{
    private AdminTestCluster _cluster = null!;

    [SetUp]
    public async Task SetUp() => _cluster = await AdminTestCluster.StartAsync();

    [TearDown]
    public async Task TearDown() => await _cluster.DisposeAsync();

    [Test]
    public async Task Services_TwoServicesAfterTraffic_ReportConfigurationHealthAndPins()
    {
        var webPins = await _cluster.DriveClientsAsync("/web/page", clients: 6, repeats: 2);
        var apiPins = await _cluster.DriveClientsAsync("/", clients: 4, repeats: 1, host: "api.test", prefix: "api-client");
        _cluster.Backend("web", "web-1").State.SetHealth(BackendHealth.Healthy);
        _cluster.Backend("api", "api-2").State.SetHealth(BackendHealth.Unhealthy);

        var services = await _cluster.GetJsonAsync("/api/services");

        Assert.That(services.GetArrayLength(), Is.EqualTo(2));
        var api = services[0];
        var web = services[1];
        Assert.Multiple(() =>
        {
            Assert.That(api.GetProperty("name").GetString(), Is.EqualTo("api"), "services are sorted by name");
            Assert.That(api.GetProperty("provider").GetString(), Is.EqualTo("test"));
            Assert.That(api.GetProperty("rule").GetString(), Is.EqualTo("Host:api.test"));
            Assert.That(api.GetProperty("priority").GetInt32(), Is.EqualTo(50));
            Assert.That(api.GetProperty("policy").GetString(), Is.EqualTo("WeightedRoundRobin"));
            Assert.That(api.GetProperty("sticky").GetBoolean(), Is.True);
            Assert.That(api.GetProperty("healthCheck").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(api.GetProperty("requests").GetInt64(), Is.EqualTo(8));
            Assert.That(api.GetProperty("failures").GetInt64(), Is.Zero);
            Assert.That(api.GetProperty("inFlight").GetInt32(), Is.Zero);

            var cookie = api.GetProperty("cookie");
            Assert.That(cookie.GetProperty("name").GetString(), Is.EqualTo("api_pin"));
            Assert.That(cookie.GetProperty("path").GetString(), Is.EqualTo("/"));
            Assert.That(cookie.GetProperty("domain").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(cookie.GetProperty("httpOnly").GetBoolean(), Is.True);
            Assert.That(cookie.GetProperty("secure").GetBoolean(), Is.True);
            Assert.That(cookie.GetProperty("sameSite").GetString(), Is.EqualTo("lax"));
            Assert.That(cookie.GetProperty("maxAgeSeconds").GetInt64(), Is.EqualTo(3600));

            Assert.That(web.GetProperty("name").GetString(), Is.EqualTo("web"));
            Assert.That(web.GetProperty("rule").GetString(), Is.EqualTo("PathPrefix:/web"));
            Assert.That(web.GetProperty("cookie").GetProperty("name").GetString(), Does.Match("^_[0-9a-f]{5}$"), "the Traefik-derived default name");
            Assert.That(web.GetProperty("cookie").GetProperty("maxAgeSeconds").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(web.GetProperty("requests").GetInt64(), Is.EqualTo(18));
        });

        AssertBackend(Backend(web, "web-1"), _cluster.Backends[0], weight: 1, health: "healthy", requests: 9, pinned: CountPins(webPins, "web-1"));
        AssertBackend(Backend(web, "web-2"), _cluster.Backends[1], weight: 1, health: "unknown", requests: 9, pinned: CountPins(webPins, "web-2"));
        AssertBackend(Backend(api, "api-1"), _cluster.Backends[2], weight: 2, health: "unknown", requests: 4, pinned: CountPins(apiPins, "api-1"));
        AssertBackend(Backend(api, "api-2"), _cluster.Backends[3], weight: 2, health: "unhealthy", requests: 4, pinned: CountPins(apiPins, "api-2"));
        Assert.That(Backend(api, "api-2").GetProperty("acceptsNewClients").GetBoolean(), Is.False, "an unhealthy backend takes no new clients");
        Assert.That(web.GetProperty("pinnedClients").GetInt32(), Is.InRange(5, 6), "six distinct clients over the service");
    }

    [Test]
    public async Task Service_ByName_ReturnsThatServiceAndUnknownNameIs404()
    {
        var web = await _cluster.GetJsonAsync("/api/services/web");
        using var missing = await _cluster.Admin.GetAsync(new Uri("/api/services/nope", UriKind.Relative));
        using var error = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(web.GetProperty("name").GetString(), Is.EqualTo("web"));
            Assert.That(web.GetProperty("backends").GetArrayLength(), Is.EqualTo(2));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(error.RootElement.GetProperty("error").GetString(), Does.Contain("nope"));
        });
    }

    [Test]
    public async Task Overview_AfterTraffic_CountsServicesBackendsAndRequests()
    {
        await _cluster.DriveClientsAsync("/web/", clients: 3, repeats: 1);
        _cluster.Backend("api", "api-1").State.SetHealth(BackendHealth.Unhealthy);
        _cluster.Backend("web", "web-2").State.SetHealth(BackendHealth.Healthy);

        var overview = await _cluster.GetJsonAsync("/api/overview");

        var backends = overview.GetProperty("backends");
        Assert.Multiple(() =>
        {
            Assert.That(overview.GetProperty("version").GetString(), Is.Not.Empty);
            Assert.That(overview.GetProperty("generation").GetInt64(), Is.GreaterThanOrEqualTo(1));
            Assert.That(overview.GetProperty("updatedAt").GetDateTimeOffset(), Is.LessThanOrEqualTo(overview.GetProperty("now").GetDateTimeOffset()));
            Assert.That(overview.GetProperty("services").GetInt32(), Is.EqualTo(2));
            Assert.That(backends.GetProperty("total").GetInt32(), Is.EqualTo(4));
            Assert.That(backends.GetProperty("healthy").GetInt32(), Is.EqualTo(1));
            Assert.That(backends.GetProperty("unhealthy").GetInt32(), Is.EqualTo(1));
            Assert.That(backends.GetProperty("unknown").GetInt32(), Is.EqualTo(2));
            Assert.That(backends.GetProperty("draining").GetInt32(), Is.Zero);
            Assert.That(overview.GetProperty("requests").GetInt64(), Is.EqualTo(6));
            Assert.That(overview.GetProperty("failures").GetInt64(), Is.Zero);
            Assert.That(overview.GetProperty("pinnedClients").GetInt32(), Is.InRange(2, 3));
            Assert.That(overview.GetProperty("errors").GetArrayLength(), Is.Zero);
            Assert.That(overview.GetProperty("providers").EnumerateArray().Select(static p => p.GetProperty("name").GetString()), Does.Contain("test"));
        });
    }

    [Test]
    public async Task Routes_TwoServices_ListedInMatchOrder()
    {
        var routes = await _cluster.GetJsonAsync("/api/routes");

        Assert.That(routes.GetArrayLength(), Is.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(routes[0].GetProperty("order").GetInt32(), Is.EqualTo(1));
            Assert.That(routes[0].GetProperty("service").GetString(), Is.EqualTo("api"), "the explicit priority 50 outranks the rule length");
            Assert.That(routes[0].GetProperty("rule").GetString(), Is.EqualTo("Host:api.test"));
            Assert.That(routes[0].GetProperty("priority").GetInt32(), Is.EqualTo(50));
            Assert.That(routes[0].GetProperty("provider").GetString(), Is.EqualTo("test"));
            Assert.That(routes[1].GetProperty("service").GetString(), Is.EqualTo("web"));
            Assert.That(routes[1].GetProperty("priority").GetInt32(), Is.EqualTo("PathPrefix:/web".Length));
        });
    }

    [Test]
    public async Task Providers_InMemoryProvider_ReportsUpdateTimeAndNoError()
    {
        var providers = await _cluster.GetJsonAsync("/api/providers");

        var test = providers.EnumerateArray().Single(static p => p.GetProperty("name").GetString() == "test");
        Assert.Multiple(() =>
        {
            Assert.That(test.GetProperty("updatedAt").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5)));
            Assert.That(test.GetProperty("error").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(test.GetProperty("services").GetInt32(), Is.EqualTo(2));
            Assert.That(test.GetProperty("refreshes").GetInt64(), Is.GreaterThanOrEqualTo(1));
            Assert.That(test.GetProperty("errors").GetInt64(), Is.Zero);
        });
    }

    [Test]
    public async Task Api_FieldNames_AreTheDocumentedCamelCaseNames()
    {
        var overview = await _cluster.GetJsonAsync("/api/overview");
        var service = await _cluster.GetJsonAsync("/api/services/api");

        Assert.Multiple(() =>
        {
            Assert.That(Names(overview), Is.EqualTo(new[] { "version", "startedAt", "now", "generation", "updatedAt", "services", "backends", "inFlight", "requests", "failures", "pinnedClients", "errors", "providers" }));
            Assert.That(Names(overview.GetProperty("backends")), Is.EqualTo(new[] { "total", "healthy", "unhealthy", "unknown", "draining" }));
            Assert.That(Names(overview.GetProperty("providers")[0]), Is.EqualTo(new[] { "name", "updatedAt", "error", "services", "refreshes", "errors" }));
            Assert.That(Names(service), Is.EqualTo(new[] { "name", "provider", "rule", "priority", "policy", "sticky", "cookie", "healthCheck", "inFlight", "requests", "failures", "pinnedClients", "backends" }));
            Assert.That(Names(service.GetProperty("cookie")), Is.EqualTo(new[] { "name", "path", "domain", "httpOnly", "secure", "sameSite", "maxAgeSeconds" }));
            Assert.That(Names(service.GetProperty("backends")[0]), Is.EqualTo(new[] { "id", "url", "name", "weight", "health", "draining", "acceptsNewClients", "inFlight", "requests", "failures", "pinnedClients" }));
        });
    }

    [TestCase("POST", "/api/services")]
    [TestCase("DELETE", "/api/services/web")]
    [TestCase("PUT", "/api/overview")]
    public async Task Api_WriteMethods_AreRefused(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));

        using var response = await _cluster.Admin.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.AnyOf(404, 405), "the API is read-only");
    }

    [Test]
    public async Task Api_UnknownPath_Is404Json()
    {
        using var response = await _cluster.Admin.GetAsync(new Uri("/api/nothing-here", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        });
    }

    private static JsonElement Backend(JsonElement service, string name) =>
        service.GetProperty("backends").EnumerateArray().Single(backend => backend.GetProperty("name").GetString() == name);

    private static int CountPins(Dictionary<string, string> pins, string backend) => pins.Values.Count(value => value == backend);

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(static property => property.Name)];

    private static void AssertBackend(JsonElement json, TestInfrastructure.Tests.TestBackend backend, int weight, string health, long requests, int pinned)
    {
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("id").GetString(), Is.EqualTo(backend.UrlText));
            Assert.That(json.GetProperty("url").GetString(), Is.EqualTo(backend.UrlText));
            Assert.That(json.GetProperty("weight").GetInt32(), Is.EqualTo(weight));
            Assert.That(json.GetProperty("health").GetString(), Is.EqualTo(health));
            Assert.That(json.GetProperty("draining").GetBoolean(), Is.False);
            Assert.That(json.GetProperty("inFlight").GetInt32(), Is.Zero);
            Assert.That(json.GetProperty("requests").GetInt64(), Is.EqualTo(requests));
            Assert.That(json.GetProperty("failures").GetInt64(), Is.Zero);

            // Linear counting is exact unless two clients share a bit of the 4096-bit map (rare): allow one.
            Assert.That(json.GetProperty("pinnedClients").GetInt32(), Is.InRange(pinned - 1, pinned), $"{backend.Name} pinned clients");
            Assert.That(pinned, Is.GreaterThan(0), $"the traffic reached {backend.Name}");
        });
    }
}
