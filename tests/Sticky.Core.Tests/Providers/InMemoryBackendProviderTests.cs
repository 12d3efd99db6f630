// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Providers.Tests;

[TestFixture]
public sealed class InMemoryBackendProviderTests
{
    [Test]
    public void Constructor_InitialServices_AreInTheFirstSnapshot()
    {
        var web = Service("web", "http://10.0.0.5:8000");
        var provider = new InMemoryBackendProvider([web], "registry");

        var snapshot = provider.GetSnapshot();

        Assert.That(provider.Name, Is.EqualTo("registry"));
        Assert.That(snapshot.Services, Is.EqualTo(new[] { web }));
        Assert.That(snapshot.Error, Is.Null);
        Assert.That(snapshot.ChangeToken.HasChanged, Is.False);
    }

    [Test]
    public void Constructor_Defaults_NoServicesNamedMemory()
    {
        var provider = new InMemoryBackendProvider();

        Assert.That(provider.Name, Is.EqualTo("memory"));
        Assert.That(provider.GetSnapshot().Services, Is.Empty);
    }

    [TestCase("")]
    [TestCase("  ")]
    public void Constructor_BlankName_Throws(string name)
    {
        Assert.That(() => new InMemoryBackendProvider(null, name), Throws.ArgumentException);
    }

    [Test]
    public void Update_ReplacesEveryService()
    {
        var provider = new InMemoryBackendProvider([Service("web", "http://10.0.0.5:8000"), Service("api", "http://10.0.0.9:8000")]);
        var replacement = Service("web", "http://10.0.0.6:8000");

        provider.Update([replacement]);

        Assert.That(provider.GetSnapshot().Services, Is.EqualTo(new[] { replacement }));
    }

    [Test]
    public void Update_FiresThePreviousTokenExactlyOnce()
    {
        var provider = new InMemoryBackendProvider([Service("web", "http://10.0.0.5:8000")]);
        var token = provider.GetSnapshot().ChangeToken;
        var fired = 0;
        using var registration = token.RegisterChangeCallback(_ => Interlocked.Increment(ref fired), null);

        provider.Update([Service("web", "http://10.0.0.6:8000")]);
        provider.Update([Service("web", "http://10.0.0.7:8000")]);

        Assert.That(fired, Is.EqualTo(1));
        Assert.That(token.HasChanged, Is.True);
    }

    [Test]
    public void Update_TokenTakenAfterUpdate_HasNotFiredUntilTheNextUpdate()
    {
        var provider = new InMemoryBackendProvider();
        provider.Update([Service("web", "http://10.0.0.5:8000")]);
        var token = provider.GetSnapshot().ChangeToken;
        var fired = 0;
        using var registration = token.RegisterChangeCallback(_ => Interlocked.Increment(ref fired), null);

        Assert.That(token.HasChanged, Is.False);
        Assert.That(fired, Is.Zero);

        provider.Update([]);

        Assert.That(token.HasChanged, Is.True);
        Assert.That(fired, Is.EqualTo(1));
    }

    [Test]
    public void Update_CallbackReadsSnapshot_SeesTheNewServices()
    {
        // Listeners call GetSnapshot from the change callback, so the new snapshot is published before it fires.
        var provider = new InMemoryBackendProvider([Service("web", "http://10.0.0.5:8000")]);
        IReadOnlyList<ServiceConfig>? seen = null;
        using var registration = provider.GetSnapshot().ChangeToken.RegisterChangeCallback(_ => seen = provider.GetSnapshot().Services, null);
        var replacement = Service("api", "http://10.0.0.9:8000");

        provider.Update([replacement]);

        Assert.That(seen, Is.EqualTo(new[] { replacement }));
    }

    [Test]
    public void Update_CallerChangesItsListAfterwards_SnapshotIsUnchanged()
    {
        var provider = new InMemoryBackendProvider();
        var web = Service("web", "http://10.0.0.5:8000");
        var list = new List<ServiceConfig> { web };

        provider.Update(list);
        list.Add(Service("api", "http://10.0.0.9:8000"));

        Assert.That(provider.GetSnapshot().Services, Is.EqualTo(new[] { web }));
    }

    [Test]
    public void Update_Null_Throws()
    {
        var provider = new InMemoryBackendProvider();

        Assert.That(() => provider.Update(null!), Throws.ArgumentNullException);
    }

    private static ServiceConfig Service(string name, string url) => new()
    {
        Name = name,
        Backends = [new BackendConfig { Url = url }],
    };
}
