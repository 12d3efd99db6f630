// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing;

/// <summary>One route of a <see cref="RouteTable{TTarget}"/>: a compiled rule and what it leads to.</summary>
/// <typeparam name="TTarget">What a match selects, typically a service's runtime state.</typeparam>
/// <param name="Rule">The rule text as configured, for the API and dashboard; <see langword="null"/> matches all.</param>
/// <param name="Matcher">The compiled rule.</param>
/// <param name="Priority">The effective priority (see <see cref="RulePriority"/>); higher is tried first.</param>
/// <param name="Target">What a match selects.</param>
internal sealed record RouteEntry<TTarget>(string? Rule, RouteMatcher Matcher, int Priority, TTarget Target)
    where TTarget : class;
