// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Configuration;

namespace Sticky.Health.Tests;

[TestFixture]
public sealed class HealthOptionsValidatorTests
{
    [Test]
    public void Validate_Defaults_Succeed()
    {
        var result = new HealthOptionsValidator().Validate(null, new StickyOptions());

        Assert.That(result.Succeeded, Is.True);
    }

    [Test]
    public void Defaults_AreTheDocumentedValues()
    {
        var options = new HealthOptions();

        Assert.That(options.UnhealthyThreshold, Is.EqualTo(2));
        Assert.That(options.HealthyThreshold, Is.EqualTo(2));
        Assert.That(options.PassiveFailureThreshold, Is.EqualTo(5));
        Assert.That(options.PassiveCountsServerErrors, Is.True);
        Assert.That(options.EjectionPeriod, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.MaxEjectionPeriod, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(options.ProbationSuccesses, Is.EqualTo(3));
        Assert.That(options.PanicMode, Is.True);
        Assert.That(options.MaxRetries, Is.EqualTo(2));
        Assert.That(options.DrainTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.ShutdownGracePeriod, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    private static IEnumerable<TestCaseData> InvalidOptions()
    {
        yield return new TestCaseData(new HealthOptions { UnhealthyThreshold = 0 }, "Sticky:Health:UnhealthyThreshold must be at least 1");
        yield return new TestCaseData(new HealthOptions { HealthyThreshold = -1 }, "Sticky:Health:HealthyThreshold must be at least 1");
        yield return new TestCaseData(new HealthOptions { PassiveFailureThreshold = -1 }, "Sticky:Health:PassiveFailureThreshold must be at least 0");
        yield return new TestCaseData(new HealthOptions { ProbationSuccesses = 0 }, "Sticky:Health:ProbationSuccesses must be at least 1");
        yield return new TestCaseData(new HealthOptions { ProbeConnectTimeout = TimeSpan.Zero }, "Sticky:Health:ProbeConnectTimeout must be a positive duration");
        yield return new TestCaseData(new HealthOptions { EjectionPeriod = TimeSpan.FromSeconds(-1) }, "Sticky:Health:EjectionPeriod must be a positive duration");
        yield return new TestCaseData(new HealthOptions { EjectionPeriod = TimeSpan.FromMinutes(10) }, "Sticky:Health:MaxEjectionPeriod (00:05:00) must not be shorter than Sticky:Health:EjectionPeriod (00:10:00)");
        yield return new TestCaseData(new HealthOptions { ProbeJitter = 0.6 }, "Sticky:Health:ProbeJitter must be a fraction of the interval between 0 and 0.5");
        yield return new TestCaseData(new HealthOptions { ProbeJitter = double.NaN }, "Sticky:Health:ProbeJitter");
        yield return new TestCaseData(new HealthOptions { MaxRetries = 11 }, "Sticky:Health:MaxRetries must be between 0 and 10 (it is 11)");
        yield return new TestCaseData(new HealthOptions { MaxRetries = -1 }, "Sticky:Health:MaxRetries must be between 0 and 10 (it is -1)");
        yield return new TestCaseData(new HealthOptions { DrainTimeout = TimeSpan.FromSeconds(-1) }, "Sticky:Health:DrainTimeout must not be negative");
        yield return new TestCaseData(new HealthOptions { ShutdownGracePeriod = TimeSpan.FromSeconds(-1) }, "Sticky:Health:ShutdownGracePeriod must not be negative");
    }

    [TestCaseSource(nameof(InvalidOptions))]
    public void Validate_InvalidValue_FailsNamingTheSetting(HealthOptions health, string expected)
    {
        var result = new HealthOptionsValidator().Validate(null, new StickyOptions { Health = health });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain(expected));
    }

    [Test]
    public void Validate_SeveralInvalidValues_ReportsEveryOne()
    {
        var health = new HealthOptions { UnhealthyThreshold = 0, MaxRetries = 50, DrainTimeout = TimeSpan.FromSeconds(-5) };

        var result = new HealthOptionsValidator().Validate(null, new StickyOptions { Health = health });

        Assert.That(result.Failures!.Count(), Is.EqualTo(3));
    }

    [Test]
    public void Validate_NullHealth_Fails()
    {
        var result = new HealthOptionsValidator().Validate(null, new StickyOptions { Health = null! });

        Assert.That(result.FailureMessage, Does.Contain("Sticky:Health must not be null"));
    }

    [TestCase(0)]
    [TestCase(10)]
    public void Validate_ZeroOrTenRetriesAndZeroDurations_Succeed(int retries)
    {
        var health = new HealthOptions { MaxRetries = retries, DrainTimeout = TimeSpan.Zero, ShutdownGracePeriod = TimeSpan.Zero, PassiveFailureThreshold = 0, ProbeJitter = 0 };

        var result = new HealthOptionsValidator().Validate(null, new StickyOptions { Health = health });

        Assert.That(result.Succeeded, Is.True);
    }
}
