// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Frozen;

namespace Sticky.Routing;

/// <summary>
/// The matcher names each dialect knows. Lookup ignores case because Traefik v2 registers every name in
/// several casings (<c>Host</c>, <c>host</c>, <c>HOST</c>); errors and matchers use the canonical spelling.
/// </summary>
internal static class MatcherNames
{
    public const string Host = "Host";
    public const string HostHeader = "HostHeader";
    public const string HostRegexp = "HostRegexp";
    public const string Path = "Path";
    public const string PathPrefix = "PathPrefix";
    public const string PathRegexp = "PathRegexp";
    public const string Method = "Method";
    public const string Header = "Header";
    public const string Headers = "Headers";
    public const string HeaderRegexp = "HeaderRegexp";
    public const string HeadersRegexp = "HeadersRegexp";
    public const string Query = "Query";
    public const string QueryRegexp = "QueryRegexp";
    public const string ClientIp = "ClientIP";

    private static readonly string[] s_v1 = [Host, HostRegexp, Path, PathPrefix, Method, Headers, HeadersRegexp, Query];

    private static readonly string[] s_v2 =
    [
        Host, HostHeader, HostRegexp, Path, PathPrefix, PathRegexp, Method,
        Header, Headers, HeaderRegexp, HeadersRegexp, Query, QueryRegexp, ClientIp,
    ];

    private static readonly FrozenDictionary<string, string> s_v1Lookup = s_v1.ToFrozenDictionary(static n => n, StringComparer.OrdinalIgnoreCase);
    private static readonly FrozenDictionary<string, string> s_v2Lookup = s_v2.ToFrozenDictionary(static n => n, StringComparer.OrdinalIgnoreCase);

    // Traefik v1 frontend modifiers rewrite the request; Sticky's rules only select, so they are refused
    // with advice instead of being silently ignored (which would forward unstripped paths).
    private static readonly FrozenDictionary<string, string> s_unsupported = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["PathStrip"] = "PathStrip is not supported; use Path and strip the path in the backend",
        ["PathPrefixStrip"] = "PathPrefixStrip is not supported; use PathPrefix and strip in the backend",
        ["PathPrefixStripRegex"] = "PathPrefixStripRegex is not supported; use PathPrefix and strip in the backend",
        ["AddPrefix"] = "AddPrefix is not supported; rules only select requests, so add the prefix in the backend",
        ["ReplacePath"] = "ReplacePath is not supported; use Path and rewrite the path in the backend",
        ["ReplacePathRegex"] = "ReplacePathRegex is not supported; use Path or PathPrefix and rewrite the path in the backend",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Returns the canonical name of <paramref name="name"/>, or throws a <see cref="RuleParseException"/> at <paramref name="position"/>.</summary>
    public static string Resolve(string rule, RuleSyntax syntax, string name, int position)
    {
        var lookup = syntax == RuleSyntax.V1 ? s_v1Lookup : s_v2Lookup;
        if (lookup.TryGetValue(name, out var canonical))
        {
            return canonical;
        }

        if (s_unsupported.TryGetValue(name, out var advice))
        {
            throw new RuleParseException(rule, position, advice);
        }

        if (syntax == RuleSyntax.V1 && s_v2Lookup.TryGetValue(name, out canonical))
        {
            throw new RuleParseException(rule, position, $"{canonical} needs the v2 syntax, for example {canonical}(`value`)");
        }

        var known = string.Join(", ", syntax == RuleSyntax.V1 ? s_v1 : s_v2);
        throw new RuleParseException(rule, position, $"unknown matcher '{name}'; expected one of {known}");
    }
}
