// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sticky.Providers;
using Sticky.Proxy;

namespace Sticky.Configuration.Tests;

[TestFixture]
public sealed class AddStickyTests
{
    [Test]
    public void AddSticky_ShortSecretInCode_ResolvingOptionsThrowsNamingTheSetting()
    {
        using var provider = Build(new(), options => options.AffinitySecret = "short");

        var exception = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<StickyOptions>>().Value);

        Assert.That(exception!.Message, Does.Contain("Sticky:AffinitySecret"));
    }

    [Test]
    public void AddSticky_ShortSecretInConfiguration_StartupValidatorThrows()
    {
        // ValidateOnStart surfaces through IStartupValidator, which the host runs before any hosted service.
        using var provider = Build(new() { ["Sticky:AffinitySecret"] = "too-short" });

        var validator = provider.GetRequiredService<IStartupValidator>();

        Assert.That(validator.Validate, Throws.TypeOf<OptionsValidationException>().With.Message.Contains("Sticky:AffinitySecret"));
    }

    [Test]
    public void AddSticky_LongSecretInConfiguration_IsBoundAndValid()
    {
        using var provider = Build(new() { ["Sticky:AffinitySecret"] = "0123456789abcdef0123" });

        Assert.That(provider.GetRequiredService<IStartupValidator>().Validate, Throws.Nothing);
        Assert.That(provider.GetRequiredService<IOptions<StickyOptions>>().Value.AffinitySecret, Is.EqualTo("0123456789abcdef0123"));
    }

    [Test]
    public void AddSticky_CodeConfiguration_AppliesAfterTheSection()
    {
        using var provider = Build(
            new() { ["Sticky:AffinitySecret"] = "from-configuration-0123456789" },
            options => options.AffinitySecret = "from-code-0123456789");

        Assert.That(provider.GetRequiredService<IOptions<StickyOptions>>().Value.AffinitySecret, Is.EqualTo("from-code-0123456789"));
    }

    [Test]
    public void AddSticky_UseConfigurationProviderFalseInConfiguration_ConfigurationProviderYieldsNoServices()
    {
        using var provider = Build(new()
        {
            ["Sticky:UseConfigurationProvider"] = "false",
            ["Sticky:Services:web:Backends:0"] = "http://10.0.0.5:8000",
        });

        var configurationProvider = provider.GetServices<IBackendProvider>().OfType<ConfigurationBackendProvider>().Single();

        Assert.That(configurationProvider.GetSnapshot().Services, Is.Empty);
    }

    [Test]
    public async Task AddSticky_ServicesInConfiguration_RoutingStateLoadsThemAtStart()
    {
        using var provider = Build(new()
        {
            ["Sticky:Services:whoami-service:Sticky"] = "true",
            ["Sticky:Services:whoami-service:Backends:0"] = "http://10.0.0.5:8000",
            ["Sticky:Services:whoami-service:Backends:1"] = "http://10.0.0.6:8000",
        });
        var state = provider.GetRequiredService<RoutingState>();

        await state.StartAsync(CancellationToken.None);

        var service = state.Current.Services["whoami-service"];
        Assert.That(service.ProviderName, Is.EqualTo("configuration"));
        Assert.That(service.Backends.Select(b => b.Id), Is.EqualTo(new[] { "http://10.0.0.5:8000", "http://10.0.0.6:8000" }));
        Assert.That(service.Affinity!.CookieName, Is.EqualTo("_a49bc"));
        Assert.That(state.Current.Errors, Is.Empty);
        await state.StopAsync(CancellationToken.None);
    }

    [Test]
    public async Task AddSticky_ServicesFileInConfiguration_RoutingStateLoadsItAndFollowsRewrites()
    {
        var directory = Directory.CreateTempSubdirectory("sticky-services-").FullName;
        try
        {
            var file = Path.Combine(directory, "services.json");
            File.WriteAllText(file, """{ "Services": { "web": { "Sticky": true, "Backends": [ "http://10.0.0.5:8000" ] } } }""");
            using var provider = Build(new() { ["Sticky:ServicesFile"] = file });
            var state = provider.GetRequiredService<RoutingState>();
            await state.StartAsync(CancellationToken.None);
            var loaded = state.Current.Services["web"];

            File.WriteAllText(file + ".tmp", """{ "Services": { "web": { "Sticky": true, "Backends": [ "http://10.0.0.5:8000", "http://10.0.0.6:8000" ] } } }""");
            File.Move(file + ".tmp", file, overwrite: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (state.Current.Services["web"].Backends.Length != 2)
            {
                await Task.Delay(20, timeout.Token);
            }

            Assert.Multiple(() =>
            {
                Assert.That(loaded.ProviderName, Is.EqualTo("file"));
                Assert.That(loaded.Backends.Select(static b => b.Id), Is.EqualTo(new[] { "http://10.0.0.5:8000" }));
                Assert.That(state.Current.Services["web"].Backends.Select(static b => b.Id), Is.EqualTo(new[] { "http://10.0.0.5:8000", "http://10.0.0.6:8000" }));
                Assert.That(state.Current.Errors, Is.Empty);
            });
            await state.StopAsync(CancellationToken.None);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void AddSticky_CustomProviderInstance_IsRegisteredBesideTheBuiltInProviders()
    {
        var memory = new InMemoryBackendProvider();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSticky().AddStickyProvider(memory);
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetServices<IBackendProvider>().Select(p => p.Name), Is.EquivalentTo(new[] { "configuration", "file", "memory" }));
        Assert.That(provider.GetServices<IBackendProvider>(), Has.Some.SameAs(memory));
    }

    [Test]
    public void AddSticky_CalledTwice_RegistersEachProviderAndValidatorOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSticky().AddSticky();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetServices<IBackendProvider>().Select(static p => p.Name), Is.EqualTo(new[] { "configuration", "file" }));
        Assert.That(provider.GetServices<IValidateOptions<StickyOptions>>().OfType<StickyOptionsValidator>().Count(), Is.EqualTo(1));
    }

    private static ServiceProvider Build(Dictionary<string, string?> data, Action<StickyOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(data).Build());
        services.AddLogging();
        services.AddSticky(configure);
        return services.BuildServiceProvider();
    }
}
