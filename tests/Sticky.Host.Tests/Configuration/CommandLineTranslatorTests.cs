// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Configuration.Tests;

[TestFixture]
public sealed class CommandLineTranslatorTests
{
    [Test]
    public void Translate_SeedTraefikArguments_MapToStickyKeys()
    {
        // The tutorial's exact line: traefik --docker --docker.swarmmode --docker.watch --web --loglevel=DEBUG
        var (settings, remaining, errors) = CommandLineTranslator.Translate(["--docker", "--docker.swarmmode", "--docker.watch", "--web", "--loglevel=DEBUG"]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(remaining, Is.Empty);
            Assert.That(settings, Has.Count.EqualTo(5));
            Assert.That(settings["Sticky:Docker:Enabled"], Is.EqualTo("true"));
            Assert.That(settings["Sticky:Docker:SwarmMode"], Is.EqualTo("true"));
            Assert.That(settings["Sticky:Docker:Watch"], Is.EqualTo("true"));
            Assert.That(settings["Sticky:Host:Admin"], Is.EqualTo("true"));
            Assert.That(settings["Sticky:Host:LogLevel"], Is.EqualTo("DEBUG"));
        });
    }

    [Test]
    public void Translate_EndpointWithEquals_KeepsTheWholeUnixUrl()
    {
        var (settings, remaining, errors) = CommandLineTranslator.Translate(["--docker.endpoint=unix:///var/run/docker.sock"]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(remaining, Is.Empty);
            Assert.That(settings["Sticky:Docker:Endpoint"], Is.EqualTo("unix:///var/run/docker.sock"));
        });
    }

    [TestCase("--providers.file.filename=/etc/sticky/services.json")]
    [TestCase("--file.filename=/etc/sticky/services.json")]
    public void Translate_TraefikFileProviderFlags_NameTheServicesFile(string flag)
    {
        var (settings, remaining, errors) = CommandLineTranslator.Translate([flag]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(remaining, Is.Empty);
            Assert.That(settings["Sticky:ServicesFile"], Is.EqualTo("/etc/sticky/services.json"));
        });
    }

    [Test]
    public void Translate_EndpointSpaceSeparated_TakesTheNextArgument()
    {
        var (settings, remaining, errors) = CommandLineTranslator.Translate(["--docker.endpoint", "tcp://127.0.0.1:2375", "--web"]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(remaining, Is.Empty);
            Assert.That(settings["Sticky:Docker:Endpoint"], Is.EqualTo("tcp://127.0.0.1:2375"));
            Assert.That(settings["Sticky:Host:Admin"], Is.EqualTo("true"));
        });
    }

    [Test]
    public void Translate_ExposedByDefaultFalse_MapsToFalse()
    {
        var (settings, _, errors) = CommandLineTranslator.Translate(["--docker.exposedbydefault=false"]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(settings["Sticky:Docker:ExposedByDefault"], Is.EqualTo("false"));
        });
    }

    [Test]
    public void Translate_BareExposedByDefault_MapsToTrue()
    {
        var (settings, _, errors) = CommandLineTranslator.Translate(["--docker.exposedbydefault"]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(settings["Sticky:Docker:ExposedByDefault"], Is.EqualTo("true"));
        });
    }

    [Test]
    public void Translate_WebFalse_TurnsTheAdminEndpointOff()
    {
        var (settings, _, errors) = CommandLineTranslator.Translate(["--web=false"]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(settings["Sticky:Host:Admin"], Is.EqualTo("false"));
        });
    }

    [Test]
    public void Translate_MixedCaseFlags_AreRecognised()
    {
        var (settings, remaining, errors) = CommandLineTranslator.Translate(["--DOCKER", "--Docker.SwarmMode", "--docker.WATCH", "--Web", "--LogLevel=debug", "--Docker.Endpoint=tcp://127.0.0.1:2375"]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(remaining, Is.Empty);
            Assert.That(settings["Sticky:Docker:Enabled"], Is.EqualTo("true"));
            Assert.That(settings["Sticky:Docker:SwarmMode"], Is.EqualTo("true"));
            Assert.That(settings["Sticky:Docker:Watch"], Is.EqualTo("true"));
            Assert.That(settings["Sticky:Host:Admin"], Is.EqualTo("true"));
            Assert.That(settings["Sticky:Host:LogLevel"], Is.EqualTo("debug"));
            Assert.That(settings["Sticky:Docker:Endpoint"], Is.EqualTo("tcp://127.0.0.1:2375"));
        });
    }

    [Test]
    public void Translate_AddressFlags_MapToHostAddresses()
    {
        var (settings, _, errors) = CommandLineTranslator.Translate(["--proxy.address=127.0.0.1:0", "--admin.address", ":9090"]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(settings["Sticky:Host:ProxyAddress"], Is.EqualTo("127.0.0.1:0"));
            Assert.That(settings["Sticky:Host:AdminAddress"], Is.EqualTo(":9090"));
        });
    }

    [TestCase("--docker.foo")]
    [TestCase("--docker.foo=bar")]
    [TestCase("--Docker.Foo")]
    public void Translate_UnknownDockerFlag_ReportsAnErrorNamingIt(string flag)
    {
        var (settings, remaining, errors) = CommandLineTranslator.Translate([flag]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(errors[0], Does.Contain("--docker.foo").IgnoreCase);
            Assert.That(settings, Is.Empty);
            Assert.That(remaining, Is.Empty);
        });
    }

    [Test]
    public void Translate_UnknownWebFlag_ReportsAnErrorNamingIt()
    {
        var (_, _, errors) = CommandLineTranslator.Translate(["--web.colour=blue"]);

        Assert.That(errors, Has.One.Contains("--web.colour"));
    }

    [TestCase("--docker.endpoint")]
    [TestCase("--loglevel")]
    [TestCase("--proxy.address")]
    public void Translate_ValueFlagAtTheEnd_ReportsItNeedsAValue(string flag)
    {
        var (settings, _, errors) = CommandLineTranslator.Translate([flag]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(errors[0], Does.Contain(flag).And.Contain("needs a value"));
            Assert.That(settings, Is.Empty);
        });
    }

    [Test]
    public void Translate_ValueFlagFollowedByAnotherFlag_ReportsItNeedsAValueAndKeepsTheOther()
    {
        var (settings, _, errors) = CommandLineTranslator.Translate(["--loglevel", "--web"]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.One.Contains("--loglevel"));
            Assert.That(settings.ContainsKey("Sticky:Host:LogLevel"), Is.False);
            Assert.That(settings["Sticky:Host:Admin"], Is.EqualTo("true"));
        });
    }

    [Test]
    public void Translate_SeveralProblems_ReportsEveryOne()
    {
        var (_, _, errors) = CommandLineTranslator.Translate(["--docker.foo", "--web.bar=1", "--docker.endpoint"]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Count.EqualTo(3));
            Assert.That(errors, Has.One.StartsWith("unknown flag --docker.foo"));
            Assert.That(errors, Has.One.StartsWith("unknown flag --web.bar"));
            Assert.That(errors, Has.One.Contains("--docker.endpoint needs a value"));
        });
    }

    [Test]
    public void Translate_StandardConfigurationArguments_PassThroughUntouched()
    {
        string[] args = ["--Sticky:AffinitySecret=0123456789abcdef", "--Sticky:Host:ProxyAddress", "127.0.0.1:0", "positional", "/Sticky:Host:Demo=true", "--environment=Development"];

        var (settings, remaining, errors) = CommandLineTranslator.Translate(args);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(settings, Is.Empty);
            Assert.That(remaining, Is.EqualTo(args));
        });
    }

    [Test]
    public void Translate_FlagsMixedWithStandardArguments_SplitsThemInOrder()
    {
        var (settings, remaining, errors) = CommandLineTranslator.Translate(["--web", "--Sticky:AffinitySecret=0123456789abcdef", "--docker", "positional"]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(settings.Keys, Is.EquivalentTo(new[] { "Sticky:Host:Admin", "Sticky:Docker:Enabled" }));
            Assert.That(remaining, Is.EqualTo(new[] { "--Sticky:AffinitySecret=0123456789abcdef", "positional" }));
        });
    }

    [Test]
    public void Translate_NoArguments_ReturnsNothing()
    {
        var (settings, remaining, errors) = CommandLineTranslator.Translate([]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(settings, Is.Empty);
            Assert.That(remaining, Is.Empty);
        });
    }
}
