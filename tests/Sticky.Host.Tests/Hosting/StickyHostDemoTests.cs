// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Sticky.Host.TestInfrastructure.Tests;

namespace Sticky.Host.Hosting.Tests;

[TestFixture]
public sealed class StickyHostDemoTests
{
    private static readonly string[] s_demoArgs = ["--demo", "--proxy.address=127.0.0.1:0", "--admin.address=127.0.0.1:0"];

    [Test]
    public async Task Demo_RequestsWithoutCookie_ReachThreeDistinctWhoamiBackends()
    {
        await using var host = await RunningHost.StartAsync(s_demoArgs);
        using var client = TestHttp.CreateClient();

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 6; i++)
        {
            var response = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/"));
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.SetCookies, Has.Count.EqualTo(1));
            names.Add(FirstLine(response.Body));
        }

        Assert.That(names, Is.EquivalentTo(new[] { "I'm whoami-1", "I'm whoami-2", "I'm whoami-3" }));
    }

    [Test]
    public async Task Demo_WithTheReturnedCookie_TwentyRequestsHitOneBackend()
    {
        await using var host = await RunningHost.StartAsync(s_demoArgs);
        using var client = TestHttp.CreateClient();
        var first = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/"));
        Assert.That(first.CookiePair, Is.Not.Null);

        var names = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var response = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/"), first.CookiePair);
            names.Add(FirstLine(response.Body));
        }

        Assert.That(names, Is.All.EqualTo(FirstLine(first.Body)).And.All.StartWith("I'm whoami-"));
    }

    [Test]
    public async Task Demo_AdminPort_AnswersPing()
    {
        await using var host = await RunningHost.StartAsync(s_demoArgs);
        using var client = TestHttp.CreateClient();

        var ping = await TestHttp.GetAsync(client, new Uri(host.AdminAddress, "/ping"));

        Assert.That(ping.Body, Is.EqualTo("OK"));
    }

    private static string FirstLine(string body) => body.Split('\n', 2)[0];
}
