// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host;

internal static partial class StickyHost
{
    public static Task RunAsync(WebApplication app) => app.RunAsync();
}
