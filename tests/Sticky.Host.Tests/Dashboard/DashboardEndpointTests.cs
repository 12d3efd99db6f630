// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Sticky.Host.TestInfrastructure.Tests;

namespace Sticky.Host.Dashboard.Tests;

[TestFixture]
public sealed class DashboardEndpointTests
{
    private RunningHost _host = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = await RunningHost.StartAsync(RunningHost.LoopbackArgs());
        _client = TestHttp.CreateClient(_host.AdminAddress);
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [TestCase("/")]
    [TestCase("/dashboard")]
    public async Task Get_RootOrDashboardWithoutSlash_RedirectsToDashboard(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/dashboard/"));
        });
    }

    [TestCase("/dashboard/", "text/html", "<title>Sticky")]
    [TestCase("/dashboard/index.html", "text/html", "app.js")]
    [TestCase("/dashboard/app.css", "text/css", "--ok:")]
    [TestCase("/dashboard/app.js", "text/javascript", "/api/overview")]
    public async Task Get_DashboardFile_IsServedFromTheAssembly(string path, string mediaType, string content)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(mediaType));
            Assert.That(body, Does.Contain(content));
            Assert.That(response.Headers.ETag, Is.Not.Null);
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'none'").And.Contain("script-src 'self'"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        });
    }

    [Test]
    public async Task Get_DashboardPage_ReferencesNothingOutsideItsOrigin()
    {
        foreach (var file in new[] { "index.html", "app.css", "app.js" })
        {
            var body = await _client.GetStringAsync(new Uri("/dashboard/" + file, UriKind.Relative));

            Assert.That(body, Does.Not.Contain("http://").And.Not.Contain("https://").And.Not.Contain("//cdn"), file);
        }
    }

    [Test]
    public async Task Get_WithMatchingETag_Returns304()
    {
        using var first = await _client.GetAsync(new Uri("/dashboard/app.js", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/dashboard/app.js", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await _client.SendAsync(request);

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task Get_UnknownDashboardFile_Returns404()
    {
        using var response = await _client.GetAsync(new Uri("/dashboard/nope.js", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Get_DashboardOnTheProxyPort_IsNotServed()
    {
        using var client = TestHttp.CreateClient(_host.ProxyAddress);

        using var response = await client.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the proxy port routes to services only");
    }

    [Test]
    public void Assets_EmbeddedResources_HoldThePage()
    {
        var assets = new DashboardAssets();

        Assert.That(assets.Names, Is.SupersetOf(new[] { "index.html", "app.css", "app.js" }));
    }
}
