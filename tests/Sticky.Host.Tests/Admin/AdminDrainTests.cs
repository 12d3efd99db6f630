// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using System.Net.Http.Headers;

namespace Sticky.Host.Admin.Tests;

[TestFixture]
public sealed class AdminDrainTests
{
    private const string Token = "drain-token-0123456789";

    [Test]
    public async Task Drain_WithAuthentication_MarksTheBackendDrainingAndStopsNewClients()
    {
        await using var cluster = await AdminTestCluster.StartAsync($"--Sticky:Host:AdminToken={Token}");
        cluster.Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var drained = cluster.Backend("web", "web-1");

        using var response = await cluster.Admin.PostAsync($"/api/services/web/drain?backend={Uri.EscapeDataString(drained.Id)}", content: null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await Eventually.ThatAsync(() => cluster.Backend("web", "web-1").IsDraining, "the drain reaches the routing table");

        var service = await cluster.GetJsonAsync("/api/services/web");
        var json = service.GetProperty("backends").EnumerateArray().Single(b => b.GetProperty("name").GetString() == "web-1");
        Assert.That(json.GetProperty("draining").GetBoolean(), Is.True);
        for (var i = 0; i < 10; i++)
        {
            var fresh = await cluster.SendAsync("/web", $"new-client-{i}");
            Assert.That(fresh.Body, Does.Not.Contain("web-1"), "no new client goes to the draining backend");
        }
    }

    [Test]
    public async Task Drain_WithoutAuthentication_IsForbidden()
    {
        await using var cluster = await AdminTestCluster.StartAsync();
        var backend = cluster.Backend("web", "web-1");

        using var response = await cluster.Admin.PostAsync($"/api/services/web/drain?backend={Uri.EscapeDataString(backend.Id)}", content: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(cluster.Backend("web", "web-1").IsDraining, Is.False);
    }

    [Test]
    public async Task Drain_UnknownBackend_Returns404()
    {
        await using var cluster = await AdminTestCluster.StartAsync($"--Sticky:Host:AdminToken={Token}");
        cluster.Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var response = await cluster.Admin.PostAsync("/api/services/web/drain?backend=http%3A%2F%2F10.9.9.9%3A1", content: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
