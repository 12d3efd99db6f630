// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging.Abstractions;
using Sticky.Backends;
using Sticky.Host.Docker.Discovery;

namespace Sticky.Host.Docker.Tests;

[TestFixture]
public sealed class DockerProviderTests
{
    private FakeTimeProvider _time = null!;
    private DockerProvider _provider = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _provider = new DockerProvider(_time, NullLogger<DockerProvider>.Instance);
    }

    [TearDown]
    public void TearDown() => _provider.Dispose();

    [Test]
    public void GetSnapshot_BeforeFirstListing_EmptyAndNamedDocker()
    {
        Assert.That(_provider.Name, Is.EqualTo("docker"));
        Assert.That(_provider.GetSnapshot().Services, Is.Empty);
        Assert.That(_provider.GetSnapshot().UpdatedAt, Is.Null);
    }

    [Test]
    public void Apply_FirstListing_PublishesAndFiresToken()
    {
        var before = _provider.GetSnapshot();

        var published = _provider.Apply(Listing("http://10.0.0.4:8000"));

        Assert.That(published, Is.True);
        Assert.That(before.ChangeToken.HasChanged, Is.True);
        Assert.That(_provider.GetSnapshot().Services.Single().Backends, Has.Count.EqualTo(1));
        Assert.That(_provider.GetSnapshot().UpdatedAt, Is.EqualTo(_time.GetUtcNow()));
    }

    [Test]
    public void Apply_EmptyFirstListing_StillPublishes()
    {
        Assert.That(_provider.Apply(DockerListing.Empty), Is.True);
    }

    [Test]
    public void Apply_SameListingAgain_NoNewTokenButUpdatedAtMoves()
    {
        _provider.Apply(Listing("http://10.0.0.4:8000"));
        var first = _provider.GetSnapshot();
        _time.Advance(TimeSpan.FromSeconds(15));

        var published = _provider.Apply(Listing("http://10.0.0.4:8000"));

        Assert.That(published, Is.False);
        Assert.That(first.ChangeToken.HasChanged, Is.False);
        Assert.That(_provider.GetSnapshot().ChangeToken, Is.SameAs(first.ChangeToken));
        Assert.That(_provider.GetSnapshot().UpdatedAt, Is.EqualTo(_time.GetUtcNow()));
    }

    [Test]
    public void Apply_ChangedListing_FiresTokenAndServesNewServices()
    {
        _provider.Apply(Listing("http://10.0.0.4:8000"));
        var first = _provider.GetSnapshot();
        var seenInCallback = 0;
        first.ChangeToken.RegisterChangeCallback(_ => seenInCallback = _provider.GetSnapshot().Services[0].Backends.Count, null);

        _provider.Apply(Listing("http://10.0.0.4:8000", "http://10.0.0.5:8000"));

        Assert.That(first.ChangeToken.HasChanged, Is.True);
        Assert.That(seenInCallback, Is.EqualTo(2), "the callback sees the new snapshot");
    }

    [Test]
    public void ReportFailure_KeepsServicesAndTokenAndSetsError()
    {
        _provider.Apply(Listing("http://10.0.0.4:8000"));
        var good = _provider.GetSnapshot();

        _provider.ReportFailure("cannot connect to the Docker daemon at unix:///var/run/docker.sock: Connection refused");

        var snapshot = _provider.GetSnapshot();
        Assert.That(snapshot.Services, Is.SameAs(good.Services));
        Assert.That(snapshot.ChangeToken, Is.SameAs(good.ChangeToken));
        Assert.That(good.ChangeToken.HasChanged, Is.False);
        Assert.That(snapshot.Error, Does.StartWith("cannot connect to the Docker daemon"));
        Assert.That(snapshot.UpdatedAt, Is.EqualTo(good.UpdatedAt));
    }

    [Test]
    public void Apply_AfterFailure_ClearsError()
    {
        _provider.Apply(Listing("http://10.0.0.4:8000"));
        _provider.ReportFailure("daemon away");

        _provider.Apply(Listing("http://10.0.0.4:8000"));

        Assert.That(_provider.GetSnapshot().Error, Is.Null);
    }

    private static DockerListing Listing(params string[] urls) => new()
    {
        Services =
        [
            new ServiceConfig
            {
                Name = "whoami-service",
                Rule = "PathPrefix:/",
                Backends = [.. urls.Select(static u => new BackendConfig { Url = u })],
            },
        ],
    };
}
