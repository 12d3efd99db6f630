// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Host.TestInfrastructure.Tests;

namespace Sticky.Host.Hosting.Tests;

[TestFixture]
public sealed class StickyHostConfigurationErrorTests
{
    [Test]
    public void Build_UnknownDockerFlag_ThrowsNamingTheFlag()
    {
        var ex = Assert.Throws<HostConfigurationException>(() => StickyHost.Build(RunningHost.LoopbackArgs("--docker.foo=1")));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Errors, Has.Count.EqualTo(1));
            Assert.That(ex.Errors[0], Does.Contain("--docker.foo"));
            Assert.That(ex.Message, Does.Contain("--docker.foo"));
        });
    }

    [Test]
    public void Build_ValueFlagWithoutValue_ThrowsSayingItNeedsAValue()
    {
        var ex = Assert.Throws<HostConfigurationException>(() => StickyHost.Build(RunningHost.LoopbackArgs("--loglevel")));

        Assert.That(ex!.Errors, Has.One.Contains("--loglevel").And.Contains("needs a value"));
    }

    [Test]
    public void Build_InvalidProxyAddress_ThrowsNamingTheSetting()
    {
        var ex = Assert.Throws<HostConfigurationException>(() => StickyHost.Build(["--proxy.address=example.com:80", "--admin.address=127.0.0.1:0"]));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Errors, Has.Count.EqualTo(1));
            Assert.That(ex.Errors[0], Does.Contain("ProxyAddress").And.Contain("example.com:80"));
        });
    }

    [Test]
    public void Build_InvalidAdminAddress_ThrowsNamingTheSetting()
    {
        var ex = Assert.Throws<HostConfigurationException>(() => StickyHost.Build(["--proxy.address=127.0.0.1:0", "--admin.address=:99999"]));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Errors, Has.Count.EqualTo(1));
            Assert.That(ex.Errors[0], Does.Contain("AdminAddress").And.Contain(":99999"));
        });
    }

    [TestCase("127.0.0.1:18080", "127.0.0.1:18080")]
    [TestCase(":18080", "127.0.0.1:18080")]
    [TestCase("http://*:18080", "[::1]:18080")]
    public void Build_SamePortForProxyAndAdmin_ThrowsNamingThePort(string proxy, string admin)
    {
        var ex = Assert.Throws<HostConfigurationException>(() => StickyHost.Build([$"--proxy.address={proxy}", $"--admin.address={admin}"]));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Errors, Has.Count.EqualTo(1));
            Assert.That(ex.Errors[0], Does.Contain("18080"));
        });
    }

    [Test]
    public void Build_UnknownLogLevel_ThrowsNamingTheLevel()
    {
        var ex = Assert.Throws<HostConfigurationException>(() => StickyHost.Build(RunningHost.LoopbackArgs("--loglevel=loud")));

        Assert.That(ex!.Errors, Has.One.Contains("'loud'"));
    }

    [Test]
    public void Build_SeveralBadSettings_ListsEveryProblem()
    {
        var ex = Assert.Throws<HostConfigurationException>(() => StickyHost.Build(["--loglevel=loud", "--proxy.address=example.com:80", "--admin.address=80"]));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Errors, Has.Count.EqualTo(3));
            Assert.That(ex.Errors, Has.One.Contains("'loud'"));
            Assert.That(ex.Errors, Has.One.Contains("ProxyAddress"));
            Assert.That(ex.Errors, Has.One.Contains("AdminAddress"));
            foreach (var error in ex.Errors)
            {
                Assert.That(ex.Message, Does.Contain(error));
            }
        });
    }

    [Test]
    public void Build_SeveralBadFlags_ListsEveryProblem()
    {
        var ex = Assert.Throws<HostConfigurationException>(() => StickyHost.Build(["--docker.foo", "--web.bar=1", "--docker.endpoint"]));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Errors, Has.Count.EqualTo(3));
            Assert.That(ex.Message, Does.Contain("--docker.foo").And.Contain("--web.bar").And.Contain("--docker.endpoint"));
        });
    }

    [Test]
    public void Build_BadFlagAndBadAddress_ListsBothProblems()
    {
        // HostConfigurationException promises every bad flag or setting "all at once": a user who fixes the
        // flag should not discover the bad address only on the next run.
        var ex = Assert.Throws<HostConfigurationException>(() => StickyHost.Build(["--docker.foo", "--proxy.address=80", "--admin.address=127.0.0.1:0"]));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Errors, Has.One.Contains("--docker.foo"));
            Assert.That(ex.Errors, Has.One.Contains("ProxyAddress"));
        });
    }

    [Test]
    public async Task Build_AdminOffWithTheProxyPort_IsAccepted()
    {
        // With --web=false nothing listens on the admin address, so it can neither clash nor be invalid.
        await using var app = StickyHost.Build(["--web=false", "--proxy.address=127.0.0.1:18080", "--admin.address=127.0.0.1:18080"]);

        Assert.That(app, Is.Not.Null);
    }

    [Test]
    public async Task Build_AdminOffWithAnInvalidAdminAddress_IsAccepted()
    {
        await using var app = StickyHost.Build(["--Sticky:Host:Admin=false", "--proxy.address=127.0.0.1:0", "--admin.address=nonsense"]);

        Assert.That(app, Is.Not.Null);
    }
}
