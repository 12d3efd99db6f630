// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text;

namespace Sticky.Affinity.Tests;

[TestFixture]
public sealed class AffinityValueCodecTests
{
    private const string Id = "http://10.0.0.5:8000";

    [Test]
    public void Compute_NoSecret_MatchesPinnedFormat()
    {
        // base64url(sha256("sticky-affinity-v1\0" + id)[:16]), computed independently. Changing the format
        // would unpin every client, so this vector must not change.
        Assert.That(AffinityValueCodec.Compute(Id, default), Is.EqualTo("U3cwH96tUSxly7PmqbL6Og"));
    }

    [Test]
    public void Compute_Secret_IsTruncatedHmac()
    {
        Assert.That(AffinityValueCodec.Compute(Id, "secret-a"u8), Is.EqualTo("fDa4EUVhkCMuPab0vs2BrQ"));
    }

    [TestCase("")]
    [TestCase("secret-a")]
    public void Compute_AnyBackend_IsOpaqueCookieSafeAndFixedLength(string secret)
    {
        var value = AffinityValueCodec.Compute(Id, Encoding.UTF8.GetBytes(secret));

        Assert.That(value, Has.Length.EqualTo(AffinityValueCodec.ValueLength));
        Assert.That(value, Does.Match("^[A-Za-z0-9_-]+$"));
        Assert.That(value, Does.Not.Contain("10.0.0.5").And.Not.Contain("8000"));
    }

    [Test]
    public void Compute_SameInputTwice_IsDeterministic()
    {
        var first = AffinityValueCodec.Compute(Id, "k"u8);
        var second = AffinityValueCodec.Compute(new string(Id.AsSpan()), "k"u8.ToArray());

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Compute_DifferentBackendsOrSecrets_Differ()
    {
        var values = new[]
        {
            AffinityValueCodec.Compute(Id, default),
            AffinityValueCodec.Compute("http://10.0.0.6:8000", default),
            AffinityValueCodec.Compute(Id, "secret-a"u8),
            AffinityValueCodec.Compute(Id, "secret-b"u8),
        };

        Assert.That(values, Is.Unique);
    }
}
