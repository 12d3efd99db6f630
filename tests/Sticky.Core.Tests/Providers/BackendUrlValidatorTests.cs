// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Providers.Tests;

[TestFixture]
public sealed class BackendUrlValidatorTests
{
    [Test]
    public void TryValidate_InvalidUrl_FailsOnEveryRead()
    {
        var validator = new BackendUrlValidator();

        var first = validator.TryValidate("10.0.0.5:8000", out _, out var firstError);
        validator.EndRead();
        var second = validator.TryValidate("10.0.0.5:8000", out _, out var secondError);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.False);
            Assert.That(second, Is.False, "a failure is never remembered as valid");
            Assert.That(firstError, Does.Contain("is not an absolute http:// or https:// URL"));
            Assert.That(secondError, Is.EqualTo(firstError));
        });
    }

    [TestCase("http://10.0.0.5:8000")]
    [TestCase("https://api.internal/base/")]
    public void TryValidate_ValidUrl_PassesOnThisReadAndTheNext(string url)
    {
        var validator = new BackendUrlValidator();

        var first = validator.TryValidate(url, out var firstString, out _);
        validator.EndRead();
        var second = validator.TryValidate(new string(url.AsSpan()), out var secondString, out var error);

        Assert.That(first && second, Is.True);
        Assert.That(error, Is.Empty);
        Assert.That(secondString, Is.SameAs(firstString), "the next read gets the remembered string back");
    }

    [Test]
    public void EndRead_UrlsNotSeenInTheLastRead_AreForgotten()
    {
        // Remembered URLs are only those of the previous read, so the set cannot grow without bound.
        var validator = new BackendUrlValidator();
        validator.TryValidate("http://10.0.0.5:8000", out _, out _);
        validator.EndRead();
        validator.EndRead();

        Assert.That(validator.RememberedCount, Is.Zero);
    }
}
