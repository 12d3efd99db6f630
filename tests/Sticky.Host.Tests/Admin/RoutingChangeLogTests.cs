// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sticky.Backends;
using Sticky.Balancing;
using Sticky.Configuration;
using Sticky.Host.Admin.Changes;
using Sticky.Providers;
using Sticky.Proxy;

namespace Sticky.Host.Admin.Tests;

[TestFixture]
public sealed class RoutingChangeLogTests
{
    [Test]
    public async Task Changes_AfterStart_ListTheInitialConfiguration()
    {
        await using var cluster = await AdminTestCluster.StartAsync();

        var changes = await cluster.GetJsonAsync("/api/changes");

        Assert.That(changes.GetArrayLength(), Is.EqualTo(1));
        var initial = changes[0];
        Assert.Multiple(() =>
        {
            Assert.That(initial.GetProperty("generation").GetInt64(), Is.EqualTo(1));
            Assert.That(initial.GetProperty("summary").GetString(), Is.EqualTo("Initial configuration: 2 services, 4 backends"));
            Assert.That(initial.GetProperty("services").GetInt32(), Is.EqualTo(2));
            Assert.That(initial.GetProperty("backends").GetInt32(), Is.EqualTo(4));
            Assert.That(initial.GetProperty("truncated").GetBoolean(), Is.False);
            Assert.That(Kinds(initial), Is.EqualTo(new[] { "serviceAdded", "backendAdded", "backendAdded", "serviceAdded", "backendAdded", "backendAdded" }));
        });
    }

    [Test]
    public async Task Changes_ProviderUpdate_RecordsAddedRemovedAndChangedNewestFirst()
    {
        await using var cluster = await AdminTestCluster.StartAsync();
        var b = cluster.Backends;
        var services = AdminTestCluster.Services(b);
        var web = services[0] with
        {
            Rule = "PathPrefix:/site",
            Backends = [services[0].Backends[0] with { Weight = 5 }, services[0].Backends[1] with { Draining = true }, new BackendConfig { Name = "web-3", Url = b[2].UrlText }],
        };
        var api = services[1] with { Backends = [services[1].Backends[0]] };

        cluster.Provider.Update([web, api]);
        await Eventually.ThatAsync(async () => (await cluster.GetJsonAsync("/api/changes")).GetArrayLength() == 2);
        cluster.Provider.Update([web]);
        await Eventually.ThatAsync(async () => (await cluster.GetJsonAsync("/api/changes")).GetArrayLength() == 3);

        var changes = await cluster.GetJsonAsync("/api/changes");
        var removal = changes[0];
        var update = changes[1];
        Assert.Multiple(() =>
        {
            Assert.That(removal.GetProperty("generation").GetInt64(), Is.GreaterThan(update.GetProperty("generation").GetInt64()), "newest first");
            Assert.That(removal.GetProperty("summary").GetString(), Is.EqualTo("api removed"));
            Assert.That(Kinds(removal), Is.EqualTo(new[] { "serviceRemoved" }));

            Assert.That(update.GetProperty("summary").GetString(), Is.EqualTo("api: −1 backend; web: +1 backend, 2 backends changed, settings changed"));
            var items = update.GetProperty("items").EnumerateArray().ToList();
            Assert.That(items.Select(Describe), Is.EquivalentTo(new[]
            {
                $"backendRemoved api {b[3].UrlText}: api-2",
                "serviceChanged web : rule PathPrefix:/web → PathPrefix:/site",
                $"backendChanged web {b[0].UrlText}: weight 1 → 5",
                $"backendChanged web {b[1].UrlText}: draining",
                $"backendAdded web {b[2].UrlText}: web-3, weight 1",
            }));
        });
    }

    [Test]
    public async Task Changes_RebuildWithoutDifferences_IsNotRecorded()
    {
        await using var cluster = await AdminTestCluster.StartAsync();
        var generation = cluster.Routing.Current.Generation;

        cluster.Provider.Update(AdminTestCluster.Services(cluster.Backends));
        await Eventually.ThatAsync(() => cluster.Routing.Current.Generation > generation);

        Assert.That((await cluster.GetJsonAsync("/api/changes")).GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public void Changes_MoreThanCapacity_KeepsTheNewest()
    {
        var provider = new InMemoryBackendProvider([Service(0)]);
        using var state = new RoutingState([provider], [new WeightedRoundRobinPolicy()], Options.Create(new StickyOptions()), TimeProvider.System, NullLogger<RoutingState>.Instance);
        using var log = new RoutingChangeLog(state);
        state.Rebuild();

        for (var i = 1; i <= RoutingChangeLog.Capacity + 10; i++)
        {
            provider.Update([Service(i)]);
            state.Rebuild();
        }

        var changes = log.Changes;
        Assert.Multiple(() =>
        {
            Assert.That(changes, Has.Count.EqualTo(RoutingChangeLog.Capacity));
            Assert.That(changes.Select(static c => c.Generation), Is.Ordered.Descending);
            Assert.That(changes[0].Items.Single().Detail, Is.EqualTo($"weight {RoutingChangeLog.Capacity + 9} → {RoutingChangeLog.Capacity + 10}"));
        });
    }

    [Test]
    public void Changes_HugeChange_IsTruncated()
    {
        var provider = new InMemoryBackendProvider([]);
        using var state = new RoutingState([provider], [new WeightedRoundRobinPolicy()], Options.Create(new StickyOptions()), TimeProvider.System, NullLogger<RoutingState>.Instance);
        using var log = new RoutingChangeLog(state);
        state.Rebuild();

        provider.Update([new ServiceConfig { Name = "big", Backends = [.. Enumerable.Range(1, 300).Select(static i => new BackendConfig { Url = $"http://127.0.0.1:{10000 + i}" })] }]);
        state.Rebuild();

        var change = log.Changes[0];
        Assert.Multiple(() =>
        {
            Assert.That(change.Items, Has.Count.EqualTo(RoutingChangeLog.MaxItemsPerChange));
            Assert.That(change.Truncated, Is.True);
            Assert.That(change.Backends, Is.EqualTo(300));
            Assert.That(change.Summary, Is.EqualTo("big added"));
        });
    }

    private static ServiceConfig Service(int weight) => new()
    {
        Name = "web",
        Rule = "PathPrefix:/",
        Backends = [new BackendConfig { Url = "http://127.0.0.1:9", Weight = weight }],
    };

    private static string[] Kinds(JsonElement change) =>
        [.. change.GetProperty("items").EnumerateArray().Select(static item => item.GetProperty("kind").GetString()!)];

    private static string Describe(JsonElement item) =>
        $"{item.GetProperty("kind").GetString()} {item.GetProperty("service").GetString()} {item.GetProperty("backend").GetString()}: {item.GetProperty("detail").GetString()}";
}
