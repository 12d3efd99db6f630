// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Balancing.Tests;

[TestFixture]
public sealed class PowerOfTwoChoicesPolicyTests
{
    [Test]
    public void Pick_BusyBackend_LessBusyOneWins()
    {
        var backends = WeightedRoundRobinPolicyTests.Create(1, 1);
        for (var i = 0; i < 10; i++)
        {
            backends[0].State.RequestStarted();
        }

        var selector = new PowerOfTwoChoicesPolicy().CreateSelector(backends);

        // With two backends both are always the candidates, so the idle one always wins.
        Assert.That(Enumerable.Range(0, 50).Select(_ => selector.Pick(null)), Is.All.SameAs(backends[1]));
    }

    [Test]
    public void Pick_EqualLoad_SpreadsOverAllEligible()
    {
        var backends = WeightedRoundRobinPolicyTests.Create(1, 1, 0, 1);
        var selector = new PowerOfTwoChoicesPolicy().CreateSelector(backends);

        var picked = Enumerable.Range(0, 300).Select(_ => selector.Pick(null)!.Index).ToHashSet();

        Assert.That(picked, Is.EquivalentTo(new[] { 0, 1, 3 }));
    }

    [Test]
    public void Pick_UnhealthyCandidates_FindsTheHealthyOne()
    {
        var backends = WeightedRoundRobinPolicyTests.Create(1, 1, 1, 1);
        backends[0].State.SetHealth(BackendHealth.Unhealthy);
        backends[1].State.SetHealth(BackendHealth.Unhealthy);
        backends[2].State.SetHealth(BackendHealth.Unhealthy);
        var selector = new PowerOfTwoChoicesPolicy().CreateSelector(backends);

        Assert.That(Enumerable.Range(0, 50).Select(_ => selector.Pick(null)), Is.All.SameAs(backends[3]));
    }

    [Test]
    public void Pick_WarmedPath_AllocatesNothing()
    {
        var selector = new PowerOfTwoChoicesPolicy().CreateSelector(WeightedRoundRobinPolicyTests.Create(1, 1, 1));
        selector.Pick(null);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            selector.Pick(null);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
