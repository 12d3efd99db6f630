// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Options;
using Sticky.Host;

try
{
    await using var app = StickyHost.Build(args);
    await StickyHost.RunAsync(app);
    return 0;
}
catch (HostConfigurationException ex)
{
    await Console.Error.WriteLineAsync($"sticky: {ex.Message}");
    return 2;
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"sticky: invalid configuration: {string.Join("; ", ex.Failures)}");
    return 2;
}
