// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Options;

namespace Sticky.Configuration;

internal sealed class StickyOptionsValidator : IValidateOptions<StickyOptions>
{
    internal const int MinSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, StickyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.AffinitySecret is { Length: > 0 } secret && secret.Length < MinSecretLength)
        {
            failures.Add($"Sticky:AffinitySecret must be at least {MinSecretLength} characters long (it is {secret.Length}); leave it unset to use unsigned cookie values.");
        }

        // A missing file is not an error here: it may be written later, and the provider reads it once it exists.
        if (!string.IsNullOrWhiteSpace(options.ServicesFile))
        {
            if (options.ServicesFile.Contains('\0', StringComparison.Ordinal))
            {
                failures.Add("Sticky:ServicesFile contains a NUL character.");
            }
            else if (Directory.Exists(options.ServicesFile))
            {
                failures.Add($"Sticky:ServicesFile '{options.ServicesFile}' is a directory; give the path of a JSON file such as services.json.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
