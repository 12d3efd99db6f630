// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Configuration.Tests;

[TestFixture]
public sealed class StickyOptionsValidatorTests
{
    [TestCase("a")]
    [TestCase("0123456789abcde")]
    public void Validate_SecretShorterThan16_FailsNamingTheSetting(string secret)
    {
        var result = new StickyOptionsValidator().Validate(null, new StickyOptions { AffinitySecret = secret });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Sticky:AffinitySecret").And.Contain("16"));
        Assert.That(result.FailureMessage, Does.Contain($"it is {secret.Length}"));
    }

    [Test]
    public void Validate_FailureMessage_DoesNotRevealTheSecret()
    {
        var result = new StickyOptionsValidator().Validate(null, new StickyOptions { AffinitySecret = "hunter2-secret" });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Not.Contain("hunter2-secret"));
    }

    [TestCase(null)]
    [TestCase("0123456789abcdef")]
    [TestCase("a-long-shared-secret-of-the-swarm-stack-0123456789")]
    public void Validate_UnsetOrLongEnoughSecret_Succeeds(string? secret)
    {
        var result = new StickyOptionsValidator().Validate(null, new StickyOptions { AffinitySecret = secret });

        Assert.That(result.Succeeded, Is.True);
    }

    [Test]
    public void Validate_NullOptions_Throws()
    {
        Assert.That(() => new StickyOptionsValidator().Validate(null, null!), Throws.ArgumentNullException);
    }

    [Test]
    public void Validate_ServicesFileIsADirectory_FailsNamingTheSetting()
    {
        var result = new StickyOptionsValidator().Validate(null, new StickyOptions { ServicesFile = Path.GetTempPath() });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Sticky:ServicesFile").And.Contain("is a directory"));
    }

    [Test]
    public void Validate_ServicesFileNotYetWritten_Succeeds()
    {
        // The provider reads it once it exists; a generator may write it after Sticky starts.
        var result = new StickyOptionsValidator().Validate(null, new StickyOptions { ServicesFile = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "services.json") });

        Assert.That(result.Succeeded, Is.True);
    }
}
