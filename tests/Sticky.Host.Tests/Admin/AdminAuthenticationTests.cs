// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Sticky.Host.Configuration;
using Sticky.Host.TestInfrastructure.Tests;

namespace Sticky.Host.Admin.Tests;

[TestFixture]
public sealed class AdminAuthenticationTests
{
    private const string Token = "s3cret-token-0123456789";

    [TestCase("/api/overview")]
    [TestCase("/api/services")]
    [TestCase("/metrics")]
    [TestCase("/dashboard/")]
    [TestCase("/")]
    public async Task AdminPort_TokenConfiguredAndNoCredentials_Returns401WithChallenge(string path)
    {
        await using var host = await RunningHost.StartAsync(RunningHost.LoopbackArgs($"--Sticky:Host:AdminToken={Token}"));
        using var client = TestHttp.CreateClient(host.AdminAddress);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.Select(static h => h.Scheme), Is.EquivalentTo(new[] { "Bearer", "Basic" }));
        });
    }

    [Test]
    public async Task AdminPort_TokenConfigured_PingStaysOpen()
    {
        await using var host = await RunningHost.StartAsync(RunningHost.LoopbackArgs($"--Sticky:Host:AdminToken={Token}"));
        using var client = TestHttp.CreateClient(host.AdminAddress);

        var ping = await TestHttp.GetAsync(client, new Uri(host.AdminAddress, "/ping"));

        Assert.Multiple(() =>
        {
            Assert.That(ping.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ping.Body, Is.EqualTo("OK"));
        });
    }

    [Test]
    public async Task AdminPort_BearerToken_Returns200()
    {
        await using var host = await RunningHost.StartAsync(RunningHost.LoopbackArgs($"--Sticky:Host:AdminToken={Token}"));
        using var client = TestHttp.CreateClient(host.AdminAddress);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var api = await client.GetAsync(new Uri("/api/overview", UriKind.Relative));
        using var metrics = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task AdminPort_WrongBearerToken_Returns401()
    {
        await using var host = await RunningHost.StartAsync(RunningHost.LoopbackArgs($"--Sticky:Host:AdminToken={Token}"));
        using var client = TestHttp.CreateClient(host.AdminAddress);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");

        using var response = await client.GetAsync(new Uri("/api/overview", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task AdminPort_BasicUserAndPassword_Returns200OnlyForTheRightPair()
    {
        await using var host = await RunningHost.StartAsync(RunningHost.LoopbackArgs("--Sticky:Host:AdminUser=ops", "--Sticky:Host:AdminPassword=pa:ss"));
        using var client = TestHttp.CreateClient(host.AdminAddress);

        var right = await GetStatusAsync(client, Basic("ops", "pa:ss"));
        var wrongPassword = await GetStatusAsync(client, Basic("ops", "pass"));
        var wrongUser = await GetStatusAsync(client, Basic("admin", "pa:ss"));
        var none = await GetStatusAsync(client, null);

        Assert.Multiple(() =>
        {
            Assert.That(right, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(wrongPassword, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(wrongUser, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(none, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task AdminPort_NoCredentialsConfigured_IsOpen()
    {
        await using var host = await RunningHost.StartAsync(RunningHost.LoopbackArgs());
        using var client = TestHttp.CreateClient(host.AdminAddress);

        Assert.That(await GetStatusAsync(client, null), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void Build_AdminUserWithoutPassword_ThrowsNamingBothSettings()
    {
        var ex = Assert.Throws<HostConfigurationException>(() => StickyHost.Build(RunningHost.LoopbackArgs("--Sticky:Host:AdminUser=ops")));

        Assert.That(ex!.Errors, Has.One.Contains("AdminUser").And.Contains("AdminPassword"));
    }

    [TestCase("Bearer " + Token, true)]
    [TestCase("bearer " + Token, true)]
    [TestCase("Bearer " + Token + " ", true)]
    [TestCase("Bearer", false)]
    [TestCase("Bearer s3cret", false)]
    [TestCase("Token " + Token, false)]
    [TestCase("", false)]
    [TestCase("Basic !!notbase64", false)]
    public void IsAuthorized_TokenOnly_AcceptsOnlyTheToken(string header, bool expected)
    {
        var authentication = new AdminAuthentication(new StickyHostOptions { AdminToken = Token });

        Assert.That(authentication.IsAuthorized(header), Is.EqualTo(expected));
    }

    [Test]
    public void IsAuthorized_TokenAsBasicPassword_IsAcceptedForBrowsers()
    {
        var authentication = new AdminAuthentication(new StickyHostOptions { AdminToken = Token });

        Assert.Multiple(() =>
        {
            Assert.That(authentication.IsAuthorized(Basic("anyone", Token).ToString()), Is.True);
            Assert.That(authentication.IsAuthorized(Basic("anyone", "other").ToString()), Is.False);
        });
    }

    private static async Task<HttpStatusCode> GetStatusAsync(HttpClient client, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/services", UriKind.Relative));
        request.Headers.Authorization = authorization;
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
