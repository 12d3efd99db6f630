// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace Sticky.Host.Configuration.Tests;

[TestFixture]
public sealed class OffPoolReloadFileProviderTests
{
    private string _directory = null!;
    private PhysicalFileProvider _files = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("sticky-offpool-").FullName;
        _files = new PhysicalFileProvider(_directory);
    }

    [TearDown]
    public void TearDown()
    {
        _files.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Watch_FileChanges_CallbackRunsOnAThreadOfItsOwnWithItsState()
    {
        var provider = new OffPoolReloadFileProvider(_files);
        var called = new TaskCompletionSource<(bool PoolThread, string? Name, object? State)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var state = new object();
        using var registration = provider.Watch("appsettings.json").RegisterChangeCallback(
            s => called.TrySetResult((Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name, s)), state);

        await File.WriteAllTextAsync(Path.Combine(_directory, "appsettings.json"), "{}");
        var (poolThread, name, received) = await called.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(poolThread, Is.False, "a reload must not hold a thread-pool worker");
            Assert.That(name, Is.EqualTo("Sticky configuration reload"));
            Assert.That(received, Is.SameAs(state));
        });
    }

    [Test]
    public async Task AsTheJsonSourcesFileProvider_ConfigurationStillReloads()
    {
        var path = Path.Combine(_directory, "appsettings.json");
        await File.WriteAllTextAsync(path, """{ "Sticky": { "ServicesFile": "a.json" } }""");
        var configuration = new ConfigurationBuilder().AddJsonFile(source =>
        {
            source.Path = "appsettings.json";
            source.ReloadOnChange = true;
            source.ReloadDelay = 10;
            source.FileProvider = new OffPoolReloadFileProvider(_files);
        }).Build();

        await File.WriteAllTextAsync(path, """{ "Sticky": { "ServicesFile": "b.json" } }""");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (configuration["Sticky:ServicesFile"] != "b.json")
        {
            await Task.Delay(20, timeout.Token);
        }

        Assert.That(configuration["Sticky:ServicesFile"], Is.EqualTo("b.json"));
        (configuration as IDisposable)?.Dispose();
    }

    [Test]
    public void GetFileInfo_AndDirectoryContents_ComeFromTheWrappedProvider()
    {
        File.WriteAllText(Path.Combine(_directory, "a.json"), "{}");
        var provider = new OffPoolReloadFileProvider(_files);

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetFileInfo("a.json").Exists, Is.True);
            Assert.That(provider.GetFileInfo("a.json").Length, Is.EqualTo(2));
            Assert.That(provider.GetDirectoryContents(string.Empty).Select(static f => f.Name), Is.EqualTo(new[] { "a.json" }));
        });
    }
}
