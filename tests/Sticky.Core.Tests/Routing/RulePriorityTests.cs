// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class RulePriorityTests
{
    [TestCase("PathPrefix(`/`)", 0, 15)]
    [TestCase("PathPrefix:/", 0, 12)]
    [TestCase("PathPrefix:/", -5, 12)]
    [TestCase("PathPrefix:/", 100, 100)]
    [TestCase(null, 0, 0)]
    [TestCase("", 0, 0)]
    [TestCase(null, 7, 7)]
    public void Compute_Always_UsesConfiguredPriorityElseRuleLength(string? rule, int configured, int expected)
    {
        Assert.That(RulePriority.Compute(rule, configured), Is.EqualTo(expected));
    }
}
