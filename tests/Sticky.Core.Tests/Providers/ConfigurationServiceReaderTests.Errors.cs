// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Providers.Tests;

public sealed partial class ConfigurationServiceReaderTests
{
    // Every error names the full configuration path of the bad entry and quotes the bad value.
    [TestCase("Backends:1", "not a url", "Sticky:Services:web:Backends:1: 'not a url'")]
    [TestCase("Backends:1", "ftp://10.0.0.7:21", "Sticky:Services:web:Backends:1: 'ftp://10.0.0.7:21' is not an absolute http:// or https:// URL")]
    [TestCase("Backends:1:Url", "http://10.0.0.7:8000/?a=b", "Sticky:Services:web:Backends:1: 'http://10.0.0.7:8000/?a=b'")]
    [TestCase("Backends:1:Weight", "2", "Sticky:Services:web:Backends:1: a backend needs a Url")]
    [TestCase("Backends:0:Weight", "-1", "Sticky:Services:web:Backends:0:Weight: '-1'")]
    [TestCase("Backends:0:Weight", "1.5", "Sticky:Services:web:Backends:0:Weight: '1.5' is not an integer")]
    [TestCase("Backends:0:Weight", "heavy", "Sticky:Services:web:Backends:0:Weight: 'heavy' is not an integer")]
    [TestCase("Backends:0:Draining", "yes", "Sticky:Services:web:Backends:0:Draining: 'yes' is not true or false")]
    [TestCase("Priority", "high", "Sticky:Services:web:Priority: 'high' is not an integer")]
    [TestCase("Sticky", "1", "Sticky:Services:web:Sticky: '1' is not true or false")]
    [TestCase("Affinity:Enabled", "on", "Sticky:Services:web:Affinity:Enabled: 'on'")]
    [TestCase("Affinity:Secure", "maybe", "Sticky:Services:web:Affinity:Secure: 'maybe'")]
    [TestCase("Affinity:HttpOnly", "nope", "Sticky:Services:web:Affinity:HttpOnly: 'nope'")]
    [TestCase("Affinity:MaxAge", "10x", "Sticky:Services:web:Affinity:MaxAge: '10x' is not a duration")]
    [TestCase("Affinity:MaxAge", "-5s", "Sticky:Services:web:Affinity:MaxAge: '-5s'")]
    [TestCase("Affinity:SameSite", "Sometimes", "Sticky:Services:web:Affinity:SameSite: 'Sometimes' is not one of None, Lax, Strict")]
    [TestCase("HealthCheck:Path", "health", "Sticky:Services:web:HealthCheck:Path: 'health' must be an absolute path")]
    [TestCase("HealthCheck:Interval", "soon", "Sticky:Services:web:HealthCheck:Interval: 'soon'")]
    [TestCase("HealthCheck:Port", "-80", "Sticky:Services:web:HealthCheck:Port: '-80'")]
    public void Read_InvalidValue_ServiceFailsWithErrorNamingPathAndValue(string key, string value, string expected)
    {
        var data = new Dictionary<string, string?>
        {
            [Web + "Backends:0:Url"] = "http://10.0.0.5:8000",
            [Web + key] = value,
        };
        if (key.StartsWith("HealthCheck:", StringComparison.Ordinal) && key != "HealthCheck:Path")
        {
            data[Web + "HealthCheck:Path"] = "/health";
        }

        var (services, failed) = Read(data);

        Assert.That(services, Is.Empty);
        Assert.That(failed.Keys, Is.EquivalentTo(new[] { "web" }));
        Assert.That(failed["web"], Has.Count.EqualTo(1));
        Assert.That(failed["web"][0], Does.StartWith(expected));
    }

    [Test]
    public void Read_HealthCheckSectionWithoutPath_FailsNamingThePath()
    {
        var (services, failed) = Read(new()
        {
            [Web + "HealthCheck:Interval"] = "5s",
            [Web + "Backends:0"] = "http://10.0.0.5:8000",
        });

        Assert.That(services, Is.Empty);
        Assert.That(failed["web"].Single(), Does.StartWith("Sticky:Services:web:HealthCheck:Path: ''"));
    }

    [Test]
    public void Read_SeveralErrorsInOneService_ReportsEveryOne()
    {
        var (_, failed) = Read(new()
        {
            [Web + "Backends:0:Url"] = "http://10.0.0.5:8000",
            [Web + "Backends:0:Weight"] = "-2",
            [Web + "Backends:1"] = "ftp://10.0.0.6",
            [Web + "Affinity:SameSite"] = "Loose",
        });

        Assert.That(failed["web"], Has.Count.EqualTo(3));
        Assert.That(failed["web"], Has.Some.Contains("Backends:0:Weight: '-2'"));
        Assert.That(failed["web"], Has.Some.Contains("Backends:1: 'ftp://10.0.0.6'"));
        Assert.That(failed["web"], Has.Some.Contains("Affinity:SameSite: 'Loose'"));
    }

    [Test]
    public void Read_OneInvalidService_OtherServicesAreRead()
    {
        var (services, failed) = Read(new()
        {
            ["Sticky:Services:good:Backends:0"] = "http://10.0.0.5:8000",
            ["Sticky:Services:bad:Backends:0"] = "10.0.0.6:8000",
        });

        Assert.That(services.Select(s => s.Name), Is.EqualTo(new[] { "good" }));
        Assert.That(failed.Keys, Is.EquivalentTo(new[] { "bad" }));
        Assert.That(failed["bad"].Single(), Does.StartWith("Sticky:Services:bad:Backends:0: '10.0.0.6:8000'"));
    }

    [Test]
    public void Read_MaxAgeBeyondTimeSpanRange_ReportsErrorInsteadOfThrowing()
    {
        // A typo must fail this one service with a clear message, not throw out of the reader (which would
        // fail the whole configuration provider).
        var data = new Dictionary<string, string?>
        {
            [Web + "Affinity:MaxAge"] = "1000000000000",
            [Web + "Backends:0"] = "http://10.0.0.5:8000",
        };

        Assert.That(() => Read(data), Throws.Nothing);
        Assert.That(Read(data).Failed["web"].Single(), Does.StartWith("Sticky:Services:web:Affinity:MaxAge: '1000000000000'"));
    }

    [TestCase("1")]
    [TestCase("2")]
    public void Read_SameSiteAsNumber_IsRejected(string text)
    {
        // Enum.TryParse also accepts numbers ("2" would silently mean Strict); the error promises None, Lax, Strict.
        var (services, failed) = Read(new()
        {
            [Web + "Affinity:SameSite"] = text,
            [Web + "Backends:0"] = "http://10.0.0.5:8000",
        });

        Assert.That(services, Is.Empty);
        Assert.That(failed["web"].Single(), Does.StartWith($"Sticky:Services:web:Affinity:SameSite: '{text}'"));
    }

    [Test]
    public void Read_BackendsGivenAsOneValue_IsReadOrReportedNeverDropped()
    {
        // STICKY__SERVICES__WEB__BACKENDS=http://10.0.0.5:8000 (no index) is an easy mistake; a service that
        // silently has no servers answers 503 with nothing in the logs to say why.
        var (services, failed) = Read(new() { [Web + "Backends"] = "http://10.0.0.5:8000" });

        var read = services.SelectMany(s => s.Backends).Select(b => b.Url);
        var reported = failed.SelectMany(f => f.Value);
        Assert.That(read.Concat(reported), Has.Some.Contains("http://10.0.0.5:8000"));
    }
}
