// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Sticky.Host.TestInfrastructure.Tests;

namespace Sticky.Host.Hosting.Tests;

[TestFixture]
[NonParallelizable]
public sealed class StickyHostEnvironmentTests
{
    private readonly List<string> _variables = [];
    private TestBackend _backend = null!;

    [SetUp]
    public async Task SetUp()
    {
        _backend = await TestBackend.StartAsync("env-backend");
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var name in _variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        _variables.Clear();
        await _backend.DisposeAsync();
    }

    [Test]
    public async Task Start_StickyEnvironmentVariables_DefineAServiceInTheRoutingTable()
    {
        try
        {
            Set("STICKY__Services__envweb__Rule", "PathPrefix:/env");
            Set("STICKY__Services__envweb__Backends__0__Url", _backend.UrlText);
            Set("STICKY__Services__envweb__Sticky", "true");

            await using var host = await RunningHost.StartAsync(RunningHost.LoopbackArgs());
            using var client = TestHttp.CreateClient();
            var matched = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/env/x"));
            var unmatched = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/other"));

            Assert.Multiple(() =>
            {
                Assert.That(matched.Status, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(matched.Body, Is.EqualTo("env-backend"));
                Assert.That(matched.SetCookies, Has.Count.EqualTo(1));
                Assert.That(unmatched.Status, Is.EqualTo(HttpStatusCode.NotFound));
            });
        }
        finally
        {
            Unset();
        }
    }

    [Test]
    public async Task Start_StickyHostEnvironmentVariable_TurnsTheAdminListenerOff()
    {
        try
        {
            Set("STICKY__Host__Admin", "false");

            await using var host = await RunningHost.StartAsync(RunningHost.LoopbackArgs());

            Assert.That(host.Addresses, Has.Count.EqualTo(1));
        }
        finally
        {
            Unset();
        }
    }

    [Test]
    public async Task Start_TraefikFlagAndEnvironmentVariable_FlagWins()
    {
        try
        {
            Set("STICKY__Host__Admin", "false");

            await using var host = await RunningHost.StartAsync(RunningHost.LoopbackArgs("--web"));

            Assert.That(host.Addresses, Has.Count.EqualTo(2));
        }
        finally
        {
            Unset();
        }
    }

    [Test]
    public async Task Start_CommandLineAndEnvironmentVariable_CommandLineWins()
    {
        try
        {
            Set("STICKY__Host__ProxyAddress", "example.com:80");

            await using var host = await RunningHost.StartAsync(["--Sticky:Host:ProxyAddress=127.0.0.1:0", "--admin.address=127.0.0.1:0"]);

            Assert.That(host.Addresses, Has.Count.EqualTo(2));
        }
        finally
        {
            Unset();
        }
    }

    [Test]
    public void Build_InvalidAddressFromEnvironment_ThrowsHostConfigurationException()
    {
        try
        {
            Set("STICKY__Host__ProxyAddress", "example.com:80");

            var ex = Assert.Throws<HostConfigurationException>(() => StickyHost.Build(["--admin.address=127.0.0.1:0"]));

            Assert.That(ex!.Errors, Has.One.Contains("example.com:80"));
        }
        finally
        {
            Unset();
        }
    }

    private void Set(string name, string value)
    {
        _variables.Add(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    private void Unset()
    {
        foreach (var name in _variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
