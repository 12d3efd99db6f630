// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Options;
using Sticky.Host.Docker.Client;

namespace Sticky.Host.Docker;

/// <summary>Rejects options the provider cannot work with, at start rather than at the first refresh.</summary>
internal sealed class DockerProviderOptionsValidator : IValidateOptions<DockerProviderOptions>
{
    public ValidateOptionsResult Validate(string? name, DockerProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        try
        {
            DockerEndpoint.Resolve(options.Endpoint, options.TlsCertPath, options.TlsVerify);
        }
        catch (FormatException ex)
        {
            failures.Add($"{nameof(DockerProviderOptions.Endpoint)}: {ex.Message}");
        }

        if (options.RefreshInterval <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(DockerProviderOptions.RefreshInterval)} must be longer than zero (it is {options.RefreshInterval})");
        }

        if (options.EventDebounce < TimeSpan.Zero || options.EventDebounce > TimeSpan.FromSeconds(1))
        {
            // Past a second the 2-second promise for scale-ups and task deaths cannot be kept.
            failures.Add($"{nameof(DockerProviderOptions.EventDebounce)} must be between 0 and 1 second (it is {options.EventDebounce})");
        }

        if (options.Network is { Length: 0 } || (options.Network is not null && string.IsNullOrWhiteSpace(options.Network)))
        {
            failures.Add($"{nameof(DockerProviderOptions.Network)} must be a network name or null");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
