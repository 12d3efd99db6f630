// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sticky.Host.Docker;
using Sticky.Host.Docker.Client;
using Sticky.Host.Docker.Discovery;
using Sticky.Providers;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Docker provider.</summary>
public static class DockerProviderServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Docker provider: an <see cref="IBackendProvider"/> named <c>docker</c> and the hosted
    /// service that reads the daemon and follows its events.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The provider settings; validated now.</param>
    /// <param name="validateRule">
    /// Returns why a routing rule from a label is invalid, or <see langword="null"/>; a bad rule skips only
    /// its service, with a log line naming the label. Defaults to Sticky.Core's rule parser.
    /// </param>
    /// <returns>The service collection.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public static IServiceCollection AddDockerProvider(
        this IServiceCollection services,
        DockerProviderOptions options,
        Func<string, string?>? validateRule = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);

        var validation = new DockerProviderOptionsValidator().Validate(Options.Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.Options.DefaultName, typeof(DockerProviderOptions), validation.Failures);
        }

        var endpoint = DockerEndpoint.Resolve(options.Endpoint, options.TlsCertPath, options.TlsVerify);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<IDockerApi>(_ => new DockerApiClient(endpoint));
        services.AddSingleton(sp => new DockerDiscovery(
            sp.GetRequiredService<IDockerApi>(),
            options,
            Environment.GetEnvironmentVariable("HOSTNAME"),
            validateRule ?? DockerRuleValidation.Validate));
        services.AddSingleton<DockerProvider>();
        services.AddSingleton<IBackendProvider>(static sp => sp.GetRequiredService<DockerProvider>());
        services.AddSingleton<DockerWatcher>();
        services.AddHostedService(static sp => sp.GetRequiredService<DockerWatcher>());
        return services;
    }
}
