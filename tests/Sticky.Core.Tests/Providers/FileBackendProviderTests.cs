// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.TestInfrastructure;

namespace Sticky.Providers.Tests;

/// <summary>The services file provider against real files in a temporary directory and the real file watcher.</summary>
[TestFixture]
public sealed class FileBackendProviderTests
{
    private TestLogger<FileBackendProvider> _logger = null!;
    private string _directory = null!;
    private string _file = null!;
    private FileBackendProvider? _provider;

    [SetUp]
    public void SetUp()
    {
        _logger = new TestLogger<FileBackendProvider>();
        _directory = Directory.CreateTempSubdirectory("sticky-services-").FullName;
        _file = Path.Combine(_directory, "services.json");
    }

    [TearDown]
    public void TearDown()
    {
        _provider?.Dispose();
        _provider = null;
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public void GetSnapshot_NoFileConfigured_ReturnsNoServicesAndNoError()
    {
        using var provider = new FileBackendProvider(path: null, _logger, TimeProvider.System);

        var snapshot = provider.GetSnapshot();

        Assert.Multiple(() =>
        {
            Assert.That(provider.Name, Is.EqualTo("file"));
            Assert.That(snapshot.Services, Is.Empty);
            Assert.That(snapshot.Error, Is.Null);
            Assert.That(snapshot.ChangeToken.HasChanged, Is.False);
        });
    }

    [Test]
    public void GetSnapshot_ValidFile_ReadsServicesWithTheKeysOfTheConfigurationSection()
    {
        // Comments, trailing commas, keys in any case, backends as strings or objects, durations as text.
        Write("""
            {
              // the same keys as Sticky:Services
              "services": {
                "web": {
                  "Rule": "PathPrefix(`/web`)",
                  "sticky": true,
                  "Backends": [ "http://10.0.0.5:8000", { "url": "http://10.0.0.6:8000", "Weight": 3, "Draining": true, "Name": "web-2" }, ],
                  "HealthCheck": { "Path": "/health", "Interval": "10s" },
                },
                "api": { "Priority": 7, "LoadBalancingPolicy": "PowerOfTwoChoices", "Affinity": { "CookieName": "pin", "MaxAge": "1h" },
                         "Backends": [ { "Url": "http://10.0.0.9:8000" } ] }
              }
            }
            """);

        var snapshot = Provider().GetSnapshot();

        Assert.That(snapshot.Error, Is.Null);
        Assert.That(snapshot.Services.Select(static s => s.Name), Is.EqualTo(new[] { "web", "api" }), "document order");
        var web = snapshot.Services[0];
        var api = snapshot.Services[1];
        Assert.Multiple(() =>
        {
            Assert.That(web.Rule, Is.EqualTo("PathPrefix(`/web`)"));
            Assert.That(web.Affinity, Is.Not.Null);
            Assert.That(web.Backends.Select(static b => (b.Url, b.Weight, b.Draining, b.Name)), Is.EqualTo(new[]
            {
                ("http://10.0.0.5:8000", 1, false, (string?)null),
                ("http://10.0.0.6:8000", 3, true, "web-2"),
            }));
            Assert.That(web.HealthCheck?.Path, Is.EqualTo("/health"));
            Assert.That(web.HealthCheck?.Interval, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(api.Priority, Is.EqualTo(7));
            Assert.That(api.LoadBalancingPolicy, Is.EqualTo("PowerOfTwoChoices"));
            Assert.That(api.Affinity?.CookieName, Is.EqualTo("pin"));
            Assert.That(api.Affinity?.MaxAge, Is.EqualTo(TimeSpan.FromHours(1)));
        });
    }

    [Test]
    public async Task GetSnapshot_FileRewritten_ChangeTokenFiresAndTheNewVersionIsRead()
    {
        Write("""{ "Services": { "web": { "Backends": [ "http://10.0.0.5:8000" ] } } }""");
        var provider = Provider();
        var first = provider.GetSnapshot();

        Write("""{ "Services": { "web": { "Backends": [ "http://10.0.0.5:8000", "http://10.0.0.6:8000" ] }, "api": { "Backends": [ "http://10.0.0.9:8000" ] } } }""");
        var second = await ProviderChanges.NextSnapshotAsync(provider, first, static s => s.Services.Count == 2);

        Assert.Multiple(() =>
        {
            Assert.That(first.Services.Single().Backends, Has.Count.EqualTo(1));
            Assert.That(second.Services.Single(static s => s.Name == "web").Backends, Has.Count.EqualTo(2));
            Assert.That(second.Error, Is.Null);
        });
    }

    [Test]
    public async Task GetSnapshot_FileMissingAtStart_ReportsItAndReadsTheFileOnceCreated()
    {
        var provider = Provider();
        var missing = provider.GetSnapshot();

        Write("""{ "Services": { "web": { "Backends": [ "http://10.0.0.5:8000" ] } } }""");
        var created = await ProviderChanges.NextSnapshotAsync(provider, missing, static s => s.Services.Count == 1);

        Assert.Multiple(() =>
        {
            Assert.That(missing.Services, Is.Empty);
            Assert.That(missing.Error, Does.Contain(_file).And.Contain("does not exist"));
            Assert.That(created.Error, Is.Null);
        });
    }

    [TestCase("{ \"Services\": { \"web\": { \"Backends\": [ \"http://10.0.0.9:8000\" ", "is not valid JSON at line 1")]
    [TestCase("", "is not valid JSON at line 1")]
    [TestCase("[ 1, 2 ]", "must hold a JSON object with a \"Services\" object, not an array")]
    [TestCase("{ \"Service\": { } }", "has no \"Services\" key")]
    [TestCase("{ \"Services\": \"web\" }", "holds a string under \"Services\"")]
    public void GetSnapshot_UnusableFile_KeepsEveryServiceItLastDefinedAndSaysWhy(string content, string expected)
    {
        Write("""{ "Services": { "web": { "Backends": [ "http://10.0.0.5:8000" ] } } }""");
        var provider = Provider();
        var valid = provider.GetSnapshot();

        Write(content);
        var broken = provider.GetSnapshot();

        Assert.Multiple(() =>
        {
            Assert.That(broken.Services, Is.EqualTo(valid.Services), "nothing is lost");
            Assert.That(broken.Error, Does.Contain(_file).And.Contain(expected));
            Assert.That(_logger.Entries.Where(static e => e.EventId.Name == "ServicesFileUnusable").Select(static e => e.Message), Has.Some.Contains(expected));
        });
    }

    [Test]
    public void GetSnapshot_SameProblemReadAgain_IsLoggedOnceAndAgainAfterARecovery()
    {
        var provider = Provider();
        provider.GetSnapshot();
        provider.GetSnapshot();
        Write("""{ "Services": { } }""");
        provider.GetSnapshot();
        File.Delete(_file);
        var missing = provider.GetSnapshot();

        Assert.That(_logger.Entries.Count(static e => e.EventId.Name == "ServicesFileUnusable"), Is.EqualTo(2));
        Assert.That(missing.Error, Does.Contain("does not exist"), "the snapshot reports it every time");
    }

    [Test]
    public void GetSnapshot_InvalidJsonOnALaterLine_NamesTheLine()
    {
        Write("{\n  \"Services\": {\n    \"web\": { \"Backends\": [ \"http://10.0.0.5:8000\" ], }\n    \"api\": { }\n  }\n}");

        var snapshot = Provider().GetSnapshot();

        Assert.That(snapshot.Error, Does.Contain("is not valid JSON at line 4"));
    }

    [Test]
    public void GetSnapshot_OneServiceBecomesInvalid_ItKeepsItsLastVersionAndTheOthersUpdate()
    {
        Write("""{ "Services": { "web": { "Backends": [ { "Url": "http://10.0.0.5:8000", "Weight": 2 } ] }, "api": { "Backends": [ "http://10.0.0.9:8000" ] } } }""");
        var provider = Provider();
        var valid = provider.GetSnapshot();

        Write("""{ "Services": { "web": { "Backends": [ { "Url": "http://10.0.0.5:8000", "Weight": 2 }, "10.0.0.6:8000" ] }, "api": { "Backends": [ "http://10.0.0.10:8000" ] } } }""");
        var broken = provider.GetSnapshot();

        Assert.Multiple(() =>
        {
            Assert.That(broken.Services.Single(static s => s.Name == "web"), Is.SameAs(valid.Services.Single(static s => s.Name == "web")));
            Assert.That(broken.Services.Single(static s => s.Name == "api").Backends.Single().Url, Is.EqualTo("http://10.0.0.10:8000"));
            Assert.That(broken.Error, Does.Contain("Services:web:Backends:1: '10.0.0.6:8000' is not an absolute http:// or https:// URL"));
            Assert.That(_logger.Entries.Where(static e => e.EventId.Name == "KeepingLastGoodServiceInFile").Select(static e => e.Message), Has.Some.Contains("web"));
        });
    }

    [Test]
    public void GetSnapshot_InvalidServiceNeverValid_IsSkippedAndReported()
    {
        Write("""{ "Services": { "web": { "Backends": [ { "Url": "http://10.0.0.5:8000", "Weight": "heavy" } ] }, "api": { "Backends": [ "http://10.0.0.9:8000" ] } } }""");

        var snapshot = Provider().GetSnapshot();

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Services.Select(static s => s.Name), Is.EqualTo(new[] { "api" }));
            Assert.That(snapshot.Error, Does.Contain("Services:web:Backends:0:Weight: 'heavy' is not an integer"));
            Assert.That(_logger.Entries.Where(static e => e.EventId.Name == "InvalidServiceInFile").Select(static e => e.Message), Has.Some.Contains("web"));
        });
    }

    [Test]
    public void GetSnapshot_UnknownTopLevelKey_LoadsTheServicesAndWarns()
    {
        Write("""{ "Services": { "web": { "Backends": [ "http://10.0.0.5:8000" ] } }, "Servics": { } }""");

        var snapshot = Provider().GetSnapshot();

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Services.Single().Name, Is.EqualTo("web"));
            Assert.That(snapshot.Error, Does.Contain("the top-level key \"Servics\" is not known"));
        });
    }

    [Test]
    public void GetSnapshot_FileOverTheSizeLimit_IsRefusedWithoutBeingRead()
    {
        Write("""{ "Services": { "web": { "Backends": [ "http://10.0.0.5:8000" ] } } }""");
        var provider = Provider();
        var valid = provider.GetSnapshot();

        // A sparse file: the size is what counts, and nothing has to be written to disk.
        using (var stream = new FileStream(_file, FileMode.Create))
        {
            stream.SetLength(FileBackendProvider.MaxFileBytes + 1);
        }

        var refused = provider.GetSnapshot();

        Assert.That(refused.Services, Is.EqualTo(valid.Services));
        Assert.That(refused.Error, Does.Contain("services files are limited to 64 MB"));
    }

    [Test]
    public void GetSnapshot_EmptyServicesObject_MeansNoServices()
    {
        Write("""{ "Services": { "web": { "Backends": [ "http://10.0.0.5:8000" ] } } }""");
        var provider = Provider();
        provider.GetSnapshot();

        Write("""{ "Services": { } }""");
        var emptied = provider.GetSnapshot();

        Assert.That(emptied.Services, Is.Empty);
        Assert.That(emptied.Error, Is.Null);
    }

    [Test]
    public void GetSnapshot_RelativePath_IsResolvedAgainstTheWorkingDirectory()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, _file);

        using var provider = new FileBackendProvider(relative, _logger, TimeProvider.System);

        Assert.That(provider.Path, Is.EqualTo(_file));
    }

    [Test]
    public void GetSnapshot_AfterDispose_Throws()
    {
        var provider = Provider();
        provider.Dispose();

        Assert.That(provider.GetSnapshot, Throws.InstanceOf<ObjectDisposedException>());
    }

    private FileBackendProvider Provider() => _provider ??= new FileBackendProvider(_file, _logger, TimeProvider.System);

    // Write then rename, so a reader never sees a half-written file.
    private void Write(string json)
    {
        var temporary = _file + ".tmp";
        File.WriteAllText(temporary, json);
        File.Move(temporary, _file, overwrite: true);
    }
}
