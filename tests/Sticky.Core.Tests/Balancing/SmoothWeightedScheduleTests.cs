// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Balancing.Tests;

[TestFixture]
public sealed class SmoothWeightedScheduleTests
{
    [Test]
    public void Build_FiveOneOne_InterleavesAsNginx()
    {
        var schedule = SmoothWeightedSchedule.Build([5, 1, 1]);

        // nginx's documented sequence for weights a=5, b=1, c=1: a a b a c a a
        Assert.That(schedule, Is.EqualTo(new[] { 0, 0, 1, 0, 2, 0, 0 }));
    }

    [TestCase(new[] { 1 })]
    [TestCase(new[] { 1, 1, 1 })]
    [TestCase(new[] { 5, 1, 1 })]
    [TestCase(new[] { 3, 2 })]
    [TestCase(new[] { 10, 20, 30, 40 })]
    [TestCase(new[] { 7, 0, 3, 1 })]
    [TestCase(new[] { 100, 1 })]
    [TestCase(new[] { 2, 4, 6 })]
    public void Build_AnyWeights_ExactSharesPerCycle(int[] weights)
    {
        foreach (var limit in new[] { SmoothWeightedSchedule.DefaultExactWorkLimit, 0L })
        {
            var schedule = SmoothWeightedSchedule.Build(weights, limit);

            var gcd = weights.Where(w => w > 0).Aggregate(Gcd);
            Assert.That(schedule, Has.Length.EqualTo(weights.Sum() / gcd), $"cycle length (exact limit {limit})");
            for (var i = 0; i < weights.Length; i++)
            {
                Assert.That(schedule.Count(s => s == i), Is.EqualTo(weights[i] / gcd), $"slots of backend {i} (exact limit {limit})");
            }
        }
    }

    [TestCase(new[] { 5, 1, 1 })]
    [TestCase(new[] { 10, 20, 30, 40 })]
    [TestCase(new[] { 100, 1 })]
    [TestCase(new[] { 3, 3, 2, 1 })]
    public void Build_AnyWeights_NoBackendWaitsMuchLongerThanItsFairGap(int[] weights)
    {
        // Smoothness: between two turns of a backend the gap never exceeds twice its fair spacing
        // (a burst-y "aaaaabc" schedule for 5,1,1 would put a gap of 7 between b's turns... and
        // a's turns would bunch); also no backend runs more than ceil(w/rest)+1 times in a row.
        foreach (var limit in new[] { SmoothWeightedSchedule.DefaultExactWorkLimit, 0L })
        {
            var schedule = SmoothWeightedSchedule.Build(weights, limit);
            var cycle = schedule.Length;
            for (var i = 0; i < weights.Length; i++)
            {
                var positions = Enumerable.Range(0, cycle).Where(p => schedule[p] == i).ToArray();
                var fairGap = (double)cycle / positions.Length;
                for (var k = 0; k < positions.Length; k++)
                {
                    var next = k + 1 < positions.Length ? positions[k + 1] : positions[0] + cycle;
                    Assert.That(next - positions[k], Is.LessThanOrEqualTo(Math.Ceiling(fairGap) + 1), $"gap of backend {i} at slot {positions[k]} (exact limit {limit})");
                }
            }
        }
    }

    [Test]
    public void Build_AllZeroOrEmpty_ReturnsEmptySchedule()
    {
        Assert.That(SmoothWeightedSchedule.Build([]), Is.Empty);
        Assert.That(SmoothWeightedSchedule.Build([0, 0]), Is.Empty);
    }

    [Test]
    public void Build_TenThousandBackends_UsesDeadlinePathWithExactShares()
    {
        var weights = Enumerable.Range(0, 10_000).Select(i => 1 + (i % 3)).ToArray();

        var schedule = SmoothWeightedSchedule.Build(weights);

        Assert.That(schedule, Has.Length.EqualTo(weights.Sum()));
        var counts = new int[weights.Length];
        foreach (var slot in schedule)
        {
            counts[slot]++;
        }

        Assert.That(counts, Is.EqualTo(weights));
    }

    [Test]
    public void Build_HugeWeightSum_ScalesDownKeepingEveryBackend()
    {
        var weights = new[] { 1_000_000, 999_999, 1 };

        var schedule = SmoothWeightedSchedule.Build(weights);

        Assert.That(schedule, Has.Length.LessThanOrEqualTo(SmoothWeightedSchedule.MaxCycleLength));
        Assert.That(schedule.Distinct().Order(), Is.EqualTo(new[] { 0, 1, 2 }));
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
