// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Host.Docker.Discovery;

namespace Sticky.Host.Docker.Tests;

[TestFixture]
public sealed class ListingDiffTests
{
    [Test]
    public void Compute_EqualListingsBuiltSeparately_NoChanges()
    {
        var changes = ListingDiff.Compute([Service("a", "http://10.0.0.4:8000", "http://10.0.0.5:8000")], [Service("a", "http://10.0.0.4:8000", "http://10.0.0.5:8000")]);

        Assert.That(changes.IsEmpty, Is.True);
        Assert.That(changes, Is.SameAs(ListingChanges.None));
    }

    [Test]
    public void Compute_ServiceAddedAndRemoved_Reported()
    {
        var changes = ListingDiff.Compute([Service("old", "http://10.0.0.4:8000")], [Service("new", "http://10.0.0.5:8000")]);

        Assert.That(changes.AddedServices.Select(static s => s.Name), Is.EqualTo(new[] { "new" }));
        Assert.That(changes.RemovedServices.Select(static s => s.Name), Is.EqualTo(new[] { "old" }));
        Assert.That(changes.AddedBackends, Is.Empty, "backends of a new service come with the service");
    }

    [Test]
    public void Compute_ScaleUpAndDown_BackendsAddedAndRemoved()
    {
        var changes = ListingDiff.Compute(
            [Service("a", "http://10.0.0.4:8000", "http://10.0.0.5:8000")],
            [Service("a", "http://10.0.0.5:8000", "http://10.0.0.6:8000", "http://10.0.0.7:8000")]);

        Assert.That(changes.AddedBackends.Select(static c => c.Url), Is.EqualTo(new[] { "http://10.0.0.6:8000", "http://10.0.0.7:8000" }));
        Assert.That(changes.RemovedBackends.Select(static c => c.Url), Is.EqualTo(new[] { "http://10.0.0.4:8000" }));
        Assert.That(changes.ChangedServices, Is.Empty);
    }

    [Test]
    public void Compute_BackendStartsDraining_ReportedAsChanged()
    {
        var before = Service("a", "http://10.0.0.4:8000");
        var after = before with { Backends = [before.Backends[0] with { Draining = true }] };

        var changes = ListingDiff.Compute([before], [after]);

        Assert.That(changes.ChangedBackends, Has.Count.EqualTo(1));
        Assert.That(changes.ChangedBackends[0].Before!.Draining, Is.False);
        Assert.That(changes.ChangedBackends[0].After!.Draining, Is.True);
    }

    [Test]
    public void Compute_RuleOrCookieChanged_ServiceChanged()
    {
        var before = Service("a", "http://10.0.0.4:8000");

        var ruleChange = ListingDiff.Compute([before], [before with { Rule = "PathPrefix:/api" }]);
        var cookieChange = ListingDiff.Compute([before], [before with { Affinity = new AffinityCookieConfig { CookieName = "x" } }]);

        Assert.That(ruleChange.ChangedServices.Single().Name, Is.EqualTo("a"));
        Assert.That(cookieChange.ChangedServices.Single().Name, Is.EqualTo("a"));
        Assert.That(ruleChange.AddedBackends, Is.Empty);
    }

    [Test]
    public void Equal_SameContentDifferentListInstances_True()
    {
        Assert.That(ListingDiff.Equal(Service("a", "http://10.0.0.4:8000"), Service("a", "http://10.0.0.4:8000")), Is.True);
        Assert.That(ListingDiff.Equal(Service("a", "http://10.0.0.4:8000"), Service("a", "http://10.0.0.5:8000")), Is.False);
    }

    private static ServiceConfig Service(string name, params string[] urls) => new()
    {
        Name = name,
        Rule = "PathPrefix:/",
        Affinity = new AffinityCookieConfig(),
        Backends = [.. urls.Select(static u => new BackendConfig { Url = u, Name = u })],
    };
}
