// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sticky.Configuration;
using Sticky.TestInfrastructure;

namespace Sticky.Providers.Tests;

[TestFixture]
public sealed class ConfigurationBackendProviderTests
{
    private FakeTimeProvider _time = null!;
    private TestLogger<ConfigurationBackendProvider> _logger = null!;
    private string? _directory;
    private IConfigurationRoot? _fileConfiguration;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _logger = new TestLogger<ConfigurationBackendProvider>();
    }

    [TearDown]
    public void TearDown()
    {
        (_fileConfiguration as IDisposable)?.Dispose();
        _fileConfiguration = null;
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
            _directory = null;
        }
    }

    [Test]
    public void Name_IsConfiguration()
    {
        Assert.That(CreateProvider(new ConfigurationBuilder().Build()).Name, Is.EqualTo("configuration"));
    }

    [Test]
    public void GetSnapshot_ValidServices_ReturnsThemWithoutError()
    {
        var provider = CreateProvider(InMemory(new()
        {
            ["Sticky:Services:web:Rule"] = "PathPrefix:/",
            ["Sticky:Services:web:Backends:0"] = "http://10.0.0.5:8000",
            ["Sticky:Services:api:Backends:0"] = "http://10.0.0.9:8000",
        }));

        var snapshot = provider.GetSnapshot();

        Assert.That(snapshot.Services.Select(s => s.Name), Is.EquivalentTo(new[] { "web", "api" }));
        Assert.That(snapshot.Error, Is.Null);
        Assert.That(snapshot.UpdatedAt, Is.EqualTo(_time.GetUtcNow()));
        Assert.That(snapshot.ChangeToken.HasChanged, Is.False);
        Assert.That(_logger.Entries, Is.Empty);
    }

    [Test]
    public void GetSnapshot_NeverValidService_IsSkippedAndErrorReported()
    {
        var provider = CreateProvider(InMemory(new()
        {
            ["Sticky:Services:good:Backends:0"] = "http://10.0.0.5:8000",
            ["Sticky:Services:bad:Backends:0:Url"] = "http://10.0.0.6:8000",
            ["Sticky:Services:bad:Backends:0:Weight"] = "-3",
        }));

        var snapshot = provider.GetSnapshot();

        Assert.That(snapshot.Services.Select(s => s.Name), Is.EqualTo(new[] { "good" }));
        Assert.That(snapshot.Error, Does.Contain("Sticky:Services:bad:Backends:0:Weight: '-3'"));
        var entry = _logger.Entries.Single();
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(entry.EventId.Name, Is.EqualTo("InvalidServiceConfiguration"));
        Assert.That(entry.Message, Does.Contain("bad").And.Contain("'-3'"));
    }

    [Test]
    public void GetSnapshot_UseConfigurationProviderFalse_ReturnsNoServices()
    {
        var configuration = InMemory(new() { ["Sticky:Services:web:Backends:0"] = "http://10.0.0.5:8000" });
        var provider = new ConfigurationBackendProvider(configuration, Options.Create(new StickyOptions { UseConfigurationProvider = false }), _logger, _time);

        var snapshot = provider.GetSnapshot();

        Assert.That(snapshot.Services, Is.Empty);
        Assert.That(snapshot.Error, Is.Null);
        Assert.That(snapshot.ChangeToken.HasChanged, Is.False);
    }

    [Test]
    public void GetSnapshot_ConfigurationReloaded_ChangeTokenFiresAndNewValuesAreRead()
    {
        var configuration = InMemory(new() { ["Sticky:Services:web:Backends:0"] = "http://10.0.0.5:8000" });
        var provider = CreateProvider(configuration);
        var first = provider.GetSnapshot();
        var fired = 0;
        using var registration = first.ChangeToken.RegisterChangeCallback(_ => Interlocked.Increment(ref fired), null);

        configuration["Sticky:Services:web:Backends:0"] = "http://10.0.0.6:8000";
        configuration.Reload();
        var second = provider.GetSnapshot();

        Assert.That(fired, Is.EqualTo(1));
        Assert.That(first.ChangeToken.HasChanged, Is.True);
        Assert.That(second.ChangeToken.HasChanged, Is.False);
        Assert.That(second.Services.Single().Backends.Single().Url, Is.EqualTo("http://10.0.0.6:8000"));
    }

    [Test]
    public void GetSnapshot_InMemoryReloadBreaksService_KeepsLastValidVersionAndFixedVersionReplacesIt()
    {
        var configuration = InMemory(new() { ["Sticky:Services:web:Backends:0"] = "http://10.0.0.5:8000" });
        var provider = CreateProvider(configuration);
        var valid = provider.GetSnapshot().Services.Single();

        configuration["Sticky:Services:web:Backends:0"] = "ftp://10.0.0.5";
        configuration.Reload();
        var broken = provider.GetSnapshot();
        var stillBroken = provider.GetSnapshot();
        configuration["Sticky:Services:web:Backends:0"] = "http://10.0.0.7:8000";
        configuration.Reload();
        var fixedSnapshot = provider.GetSnapshot();

        Assert.That(broken.Services.Single(), Is.SameAs(valid));
        Assert.That(broken.Error, Does.Contain("Sticky:Services:web:Backends:0: 'ftp://10.0.0.5'"));
        Assert.That(stillBroken.Services.Single(), Is.SameAs(valid), "the last valid version survives more than one broken read");
        Assert.That(fixedSnapshot.Services.Single().Backends.Single().Url, Is.EqualTo("http://10.0.0.7:8000"));
        Assert.That(fixedSnapshot.Error, Is.Null);
    }

    [Test]
    public async Task GetSnapshot_JsonFileChanges_ChangeTokenFiresAndNewServicesAreRead()
    {
        var configuration = JsonFile("""
            { "Sticky": { "Services": { "web": { "Backends": [ "http://10.0.0.5:8000" ] } } } }
            """);
        var provider = CreateProvider(configuration);
        var first = provider.GetSnapshot();

        WriteJson("""
            { "Sticky": { "Services": {
                "web": { "Backends": [ "http://10.0.0.5:8000", { "Url": "http://10.0.0.6:8000", "Weight": 2 } ] },
                "api": { "Rule": "PathPrefix(`/api`)", "Backends": [ "http://10.0.0.9:8000" ] } } } }
            """);
        var second = await ProviderChanges.NextSnapshotAsync(provider, first, s => s.Services.Count == 2);

        Assert.That(first.Services.Single().Backends, Has.Count.EqualTo(1));
        Assert.That(second.Services.Select(s => s.Name), Is.EquivalentTo(new[] { "web", "api" }));
        var web = second.Services.Single(s => s.Name == "web");
        Assert.That(web.Backends.Select(b => (b.Url, b.Weight)), Is.EqualTo(new[] { ("http://10.0.0.5:8000", 1), ("http://10.0.0.6:8000", 2) }));
        Assert.That(second.Error, Is.Null);
    }

    [Test]
    public async Task GetSnapshot_JsonReloadBreaksService_KeepsLastValidVersionAndReportsError()
    {
        var configuration = JsonFile("""
            { "Sticky": { "Services": {
                "web": { "Sticky": true, "Backends": [ { "Url": "http://10.0.0.5:8000", "Weight": 2 } ] },
                "api": { "Backends": [ "http://10.0.0.9:8000" ] } } } }
            """);
        var provider = CreateProvider(configuration);
        var valid = provider.GetSnapshot();

        // web gets a negative weight; api changes validly and must be updated all the same.
        WriteJson("""
            { "Sticky": { "Services": {
                "web": { "Sticky": true, "Backends": [ { "Url": "http://10.0.0.5:8000", "Weight": -1 } ] },
                "api": { "Backends": [ "http://10.0.0.10:8000" ] } } } }
            """);
        var broken = await ProviderChanges.NextSnapshotAsync(provider, valid, s => s.Error is not null);

        var web = broken.Services.Single(s => s.Name == "web");
        Assert.That(web, Is.SameAs(valid.Services.Single(s => s.Name == "web")));
        Assert.That(web.Backends.Single().Weight, Is.EqualTo(2));
        Assert.That(broken.Services.Single(s => s.Name == "api").Backends.Single().Url, Is.EqualTo("http://10.0.0.10:8000"));
        Assert.That(broken.Error, Does.Contain("Sticky:Services:web:Backends:0:Weight: '-1'"));
        Assert.That(
            _logger.Entries.Where(e => e.EventId.Name == "KeepingLastGoodServiceConfiguration").Select(e => e.Message),
            Has.Some.Contains("web").And.Some.Contains("'-1'"));
    }

    [Test]
    public async Task GetSnapshot_BrokenServiceRemovedFromFile_IsNotResurrected()
    {
        var configuration = JsonFile("""
            { "Sticky": { "Services": { "web": { "Backends": [ "http://10.0.0.5:8000" ] }, "api": { "Backends": [ "http://10.0.0.9:8000" ] } } } }
            """);
        var provider = CreateProvider(configuration);
        var valid = provider.GetSnapshot();
        WriteJson("""
            { "Sticky": { "Services": { "web": { "Backends": [ "10.0.0.5:8000" ] }, "api": { "Backends": [ "http://10.0.0.9:8000" ] } } } }
            """);
        var broken = await ProviderChanges.NextSnapshotAsync(provider, valid, s => s.Error is not null);

        WriteJson("""
            { "Sticky": { "Services": { "api": { "Backends": [ "http://10.0.0.9:8000" ] } } } }
            """);
        var removed = await ProviderChanges.NextSnapshotAsync(provider, broken, s => s.Error is null);

        Assert.That(broken.Services.Select(s => s.Name), Is.EquivalentTo(new[] { "web", "api" }));
        Assert.That(removed.Services.Select(s => s.Name), Is.EqualTo(new[] { "api" }));
        Assert.That(removed.Error, Is.Null);
    }

    private ConfigurationBackendProvider CreateProvider(IConfiguration configuration) =>
        new(configuration, Options.Create(new StickyOptions()), _logger, _time);

    private static IConfigurationRoot InMemory(Dictionary<string, string?> data) =>
        new ConfigurationBuilder().AddInMemoryCollection(data).Build();

    private IConfigurationRoot JsonFile(string json)
    {
        _directory = Directory.CreateTempSubdirectory("sticky-config-").FullName;
        File.WriteAllText(Path.Combine(_directory, "sticky.json"), json);
        _fileConfiguration = new ConfigurationBuilder()
            .SetBasePath(_directory)
            .AddJsonFile("sticky.json", optional: false, reloadOnChange: true)
            .Build();
        return _fileConfiguration;
    }

    // Write then rename, so the watcher never sees a half-written file.
    private void WriteJson(string json)
    {
        var temporary = Path.Combine(_directory!, "sticky.json.tmp");
        File.WriteAllText(temporary, json);
        File.Move(temporary, Path.Combine(_directory!, "sticky.json"), overwrite: true);
    }
}
