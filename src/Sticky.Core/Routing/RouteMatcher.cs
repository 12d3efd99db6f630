// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary>
/// A compiled routing rule. Implementations are immutable, thread-safe and allocate nothing in
/// <see cref="Matches"/>, because every request of the proxy runs through them.
/// </summary>
internal abstract class RouteMatcher
{
    /// <summary>A matcher that accepts every request, for services without a rule.</summary>
    public static RouteMatcher MatchAll { get; } = new MatchAllMatcher();

    /// <summary>Whether <paramref name="request"/> satisfies the rule.</summary>
    public abstract bool Matches(HttpRequest request);
}
