// Licensed under the MIT License. See LICENSE in the repository root.

using System.Drawing;
using System.Runtime.CompilerServices;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Sticky.Backends;
using Sticky.Host.Admin.Tests;

namespace Sticky.Host.Dashboard.Tests;

/// <summary>
/// Opens the dashboard in headless Chromium (Debian's <c>chromium</c> and <c>chromium-driver</c>, installed by
/// <c>eng/ci/install-browser.sh</c>) against a running Sticky with live backends, checks what it shows and
/// saves a screenshot to <c>docs/dashboard.png</c>. Skipped with a reason when the browser is missing,
/// except under <c>CI=true</c>, where a missing browser fails the test.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DashboardBrowserTests
{
    private const string ChromeDriverPath = "/usr/bin/chromedriver";
    private static readonly string[] s_browserPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    [Test]
    public async Task Dashboard_InHeadlessChromium_ShowsServicesBackendsAndChanges()
    {
        var browser = RequireBrowser();
        await using var cluster = await AdminTestCluster.StartAsync();
        await PrepareClusterAsync(cluster);
        var profile = Directory.CreateTempSubdirectory("sticky-chromium-");
        try
        {
            using var driver = StartDriver(browser, profile.FullName);
            driver.Navigate().GoToUrl(new Uri(cluster.Host.AdminAddress, "/dashboard/"));
            WaitFor(driver, static d => d.FindElements(By.CssSelector("body[data-loaded='true'] article[data-service]")).Count == 2 && d.FindElements(By.CssSelector(".change")).Count >= 2);

            var services = driver.FindElements(By.CssSelector("article[data-service]")).Select(static e => e.GetAttribute("data-service")).ToList();
            var backendRows = driver.FindElements(By.CssSelector("tr[data-backend]"));
            var web = driver.FindElement(By.CssSelector("article[data-service='web']"));
            var api = driver.FindElement(By.CssSelector("article[data-service='api']"));
            Assert.Multiple(() =>
            {
                Assert.That(services, Is.EqualTo(new[] { "api", "web" }));
                Assert.That(backendRows.Select(static row => row.GetAttribute("data-backend")), Is.EquivalentTo(cluster.Backends.Select(static b => b.UrlText)));
                Assert.That(web.Text, Does.Contain("PathPrefix:/web").And.Contain("web-1").And.Contain("web-2").And.Contain("Draining"));
                Assert.That(api.Text, Does.Contain("api_pin").And.Contain("Host:api.test").And.Contain("api-1").And.Contain("api-2"));
                Assert.That(Row(api, "api-2").FindElement(By.CssSelector(".health")).Text, Is.EqualTo("Unhealthy"));
                Assert.That(Row(web, "web-1").FindElement(By.CssSelector(".health")).Text, Is.EqualTo("Healthy"));
                Assert.That(driver.FindElement(By.Id("providers")).Text, Does.Contain("test"));
                Assert.That(driver.FindElement(By.Id("changes")).Text, Does.Contain("Initial configuration"));
                Assert.That(driver.FindElement(By.Id("status-text")).Text, Does.Contain("unhealthy"));
            });

            SaveScreenshot(driver);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    // A state worth looking at: traffic from distinct clients, one healthy and one unhealthy backend, a
    // draining backend and a configuration change.
    private static async Task PrepareClusterAsync(AdminTestCluster cluster)
    {
        await cluster.DriveClientsAsync("/web/", clients: 14, repeats: 4);
        await cluster.DriveClientsAsync("/", clients: 9, repeats: 2, host: "api.test", prefix: "mobile");
        var services = AdminTestCluster.Services(cluster.Backends);
        var web = services[0] with { Backends = [services[0].Backends[0] with { Weight = 3 }, services[0].Backends[1] with { Draining = true }] };
        var generation = cluster.Routing.Current.Generation;
        cluster.Provider.Update([web, services[1]]);
        await Eventually.ThatAsync(() => cluster.Routing.Current.Generation > generation);
        cluster.Backend("web", "web-1").State.SetHealth(BackendHealth.Healthy);
        cluster.Backend("api", "api-1").State.SetHealth(BackendHealth.Healthy);
        cluster.Backend("api", "api-2").State.SetHealth(BackendHealth.Unhealthy);
        await cluster.DriveClientsAsync("/web/", clients: 5, repeats: 2, prefix: "late");
    }

    private static string RequireBrowser()
    {
        var browser = s_browserPaths.FirstOrDefault(File.Exists);
        if (browser is not null && File.Exists(ChromeDriverPath))
        {
            return browser;
        }

        var reason = $"headless Chromium is not installed (need chromium and {ChromeDriverPath}; run eng/ci/install-browser.sh)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason);
        }

        TestContext.Out.WriteLine("Skipped: " + reason);
        Assert.Ignore(reason);
        return string.Empty;
    }

    private static ChromeDriver StartDriver(string browser, string profile)
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = browser };
        options.AddArguments(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--window-size=1440,1000",
            $"--user-data-dir={profile}");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private static void WaitFor(ChromeDriver driver, Func<ChromeDriver, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition(driver))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("the dashboard did not render the expected content within 20 seconds:\n" + driver.FindElement(By.TagName("body")).Text);
            }

            Thread.Sleep(100);
        }
    }

    private static IWebElement Row(IWebElement service, string backendName) =>
        service.FindElements(By.CssSelector("tr[data-backend]")).Single(row => row.FindElement(By.CssSelector(".backend-name")).Text == backendName);

    private static void SaveScreenshot(ChromeDriver driver)
    {
        // Let a second poll compute request rates, then fit the window to the page so nothing is cut off.
        Thread.Sleep(2300);
        var height = Convert.ToInt32(driver.ExecuteScript("return document.documentElement.scrollHeight;"), System.Globalization.CultureInfo.InvariantCulture);
        driver.Manage().Window.Size = new Size(1440, Math.Clamp(height + 20, 600, 2400));
        Thread.Sleep(200);
        var screenshot = driver.GetScreenshot();
        var output = Path.Combine(TestContext.CurrentContext.WorkDirectory, "dashboard.png");
        screenshot.SaveAsFile(output);
        TestContext.AddTestAttachment(output, "The dashboard in headless Chromium");
        var docs = Path.Combine(RepositoryRoot(), "docs");
        if (Directory.Exists(docs))
        {
            screenshot.SaveAsFile(Path.Combine(docs, "dashboard.png"));
        }
    }

    private static string RepositoryRoot([CallerFilePath] string source = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(source)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sticky.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? TestContext.CurrentContext.WorkDirectory;
    }
}
