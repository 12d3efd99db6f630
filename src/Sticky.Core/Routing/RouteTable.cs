// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.ObjectModel;
using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary>
/// The routes of one routing snapshot in match order: priority descending, then rule text (ordinal),
/// so every replica given the same configuration routes the same way. Immutable and thread-safe.
/// </summary>
/// <typeparam name="TTarget">What a match selects.</typeparam>
internal sealed class RouteTable<TTarget>
    where TTarget : class
{
    // Parallel arrays keep the hot loop to two array reads per route.
    private readonly RouteMatcher[] _matchers;
    private readonly TTarget[] _targets;

    private RouteTable(RouteEntry<TTarget>[] entries)
    {
        _matchers = new RouteMatcher[entries.Length];
        _targets = new TTarget[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            _matchers[i] = entries[i].Matcher;
            _targets[i] = entries[i].Target;
        }

        Entries = new ReadOnlyCollection<RouteEntry<TTarget>>(entries);
    }

    /// <summary>The routes in match order.</summary>
    public IReadOnlyList<RouteEntry<TTarget>> Entries { get; }

    /// <summary>
    /// Orders <paramref name="entries"/> for matching. At equal priority a route without a rule comes after
    /// the routes with one, and entries that tie completely keep their given order.
    /// </summary>
    public static RouteTable<TTarget> Build(IEnumerable<RouteEntry<TTarget>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);

        // OrderBy is a stable sort, which Array.Sort is not.
        var ordered = entries
            .OrderByDescending(static entry => entry.Priority)
            .ThenBy(static entry => string.IsNullOrEmpty(entry.Rule))
            .ThenBy(static entry => entry.Rule, StringComparer.Ordinal)
            .ToArray();
        return new RouteTable<TTarget>(ordered);
    }

    /// <summary>The target of the first route whose rule matches, or <see langword="null"/>.</summary>
    public TTarget? Match(HttpRequest request)
    {
        var matchers = _matchers;
        for (var i = 0; i < matchers.Length; i++)
        {
            if (matchers[i].Matches(request))
            {
                return _targets[i];
            }
        }

        return null;
    }
}
