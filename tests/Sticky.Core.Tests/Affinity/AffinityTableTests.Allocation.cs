// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Primitives;
using Sticky.Backends;
using static Sticky.Affinity.Tests.AffinityTestData;

namespace Sticky.Affinity.Tests;

public sealed partial class AffinityTableTests
{
    public enum Scenario
    {
        None,
        Hit,
        LegacyHit,
        Repinned,
        RepinnedWeighted,
        SeveralHeaders,
    }

    [TestCase(Scenario.None)]
    [TestCase(Scenario.Hit)]
    [TestCase(Scenario.LegacyHit)]
    [TestCase(Scenario.Repinned)]
    [TestCase(Scenario.RepinnedWeighted)]
    [TestCase(Scenario.SeveralHeaders)]
    public void Resolve_AfterWarmUp_AllocatesNothing(Scenario scenario)
    {
        var configs = Enumerable.Range(0, 8)
            .Select(i => new BackendConfig { Url = $"http://10.0.0.{5 + i}:8000", Weight = scenario == Scenario.RepinnedWeighted ? 1 + i : 1 })
            .ToArray();
        var table = Table(NewBackends(configs));
        var value = table.GetCookieValue(table.Backends[3]);
        var header = scenario switch
        {
            Scenario.None => new StringValues("a=1; b=2; session=abcdef"),
            Scenario.Hit => new StringValues($"a=1; _a49bc={value}; b=2"),
            Scenario.LegacyHit => new StringValues("a=1; _a49bc=http://10.0.0.8:8000"),
            Scenario.SeveralHeaders => new StringValues(["a=1", "_a49bc=stale", $"_a49bc=\"{value}\""]),
            _ => new StringValues("a=1; _a49bc=someone-else's-pin"),
        };

        var expected = scenario switch
        {
            Scenario.None => AffinityStatus.None,
            Scenario.Hit or Scenario.SeveralHeaders => AffinityStatus.Hit,
            Scenario.LegacyHit => AffinityStatus.LegacyHit,
            _ => AffinityStatus.Repinned,
        };
        var result = default(AffinityResult);
        for (var i = 0; i < 100; i++)
        {
            result = table.Resolve(header);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            result = table.Resolve(header);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(result.Status, Is.EqualTo(expected));
    }
}
