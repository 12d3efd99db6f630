// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Affinity.Tests;

[TestFixture]
public sealed class RendezvousHashTests
{
    // Replicas of different versions must re-pin alike during a rolling upgrade, so these vectors
    // (computed independently) must not change.
    [Test]
    public void BackendKey_SeedBackend_MatchesPinnedVector()
    {
        Assert.That(RendezvousHash.BackendKey("http://10.0.0.5:8000"), Is.EqualTo(0xd197103c83f92fa4UL));
    }

    [Test]
    public void HashValue_Chars_MatchesPinnedVector()
    {
        Assert.That(RendezvousHash.HashValue("client-1"), Is.EqualTo(0xa75c43ca59150c70UL));
    }

    [Test]
    public void Draw_ValueAndKey_MatchesPinnedVector()
    {
        Assert.That(RendezvousHash.Draw(0xa75c43ca59150c70UL, 0xd197103c83f92fa4UL), Is.EqualTo(0x150274b9f24a6c15UL));
    }

    [Test]
    public void WeightedScore_Draw_MatchesFormula()
    {
        Assert.That(RendezvousHash.WeightedScore(0x150274b9f24a6c15UL, 3), Is.EqualTo(1.1999048365811391).Within(1e-12));
    }

    [TestCase(0UL)]
    [TestCase(ulong.MaxValue)]
    [TestCase(0x8000000000000000UL)]
    public void WeightedScore_ExtremeDraws_AreFinitePositiveAndGrowWithWeight(ulong draw)
    {
        var light = RendezvousHash.WeightedScore(draw, 1);
        var heavy = RendezvousHash.WeightedScore(draw, 5);

        Assert.That(double.IsFinite(light) && double.IsFinite(heavy), Is.True);
        Assert.That(light, Is.Positive);
        Assert.That(heavy, Is.GreaterThan(light));
    }
}
