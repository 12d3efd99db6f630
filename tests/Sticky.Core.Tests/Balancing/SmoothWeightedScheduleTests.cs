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
}
