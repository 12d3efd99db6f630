// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sticky.Routing;

/// <summary>
/// Turns a matcher name and its arguments, from either dialect, into a compiled <see cref="RouteMatcher"/>.
/// Everything that can fail (regular expressions, CIDR blocks, host names) fails here, at parse time.
/// </summary>
internal static class MatcherFactory
{
    private const string HostLabel = "[^.]+";
    private const string PathSegment = "[^/]+";

    /// <summary>Creates the matcher <paramref name="name"/> over <paramref name="args"/>.</summary>
    /// <param name="rule">The whole rule, for error messages.</param>
    /// <param name="syntax">The dialect, which decides how templates and Query arguments read.</param>
    /// <param name="name">The canonical matcher name (see <see cref="MatcherNames.Resolve"/>).</param>
    /// <param name="args">At least one argument.</param>
    /// <param name="end">Where the arguments end, for errors about missing arguments.</param>
    public static RouteMatcher Create(string rule, RuleSyntax syntax, string name, IReadOnlyList<RuleArgument> args, int end)
    {
        switch (name)
        {
            case MatcherNames.Host or MatcherNames.HostHeader:
                return new HostMatcher(Map(rule, args, NormalizeHost));
            case MatcherNames.HostRegexp:
                return AnyOf(rule, args, syntax, static (rule, arg, syntax) => new HostRegexpMatcher(
                    CompileRegex(rule, arg, syntax == RuleSyntax.V1 || RuleRegex.IsTemplate(arg.Value), HostLabel, prefix: false, ignoreCase: true)));
            case MatcherNames.Path:
                return CreatePath(rule, args, prefix: false);
            case MatcherNames.PathPrefix:
                return CreatePath(rule, args, prefix: true);
            case MatcherNames.PathRegexp:
                return AnyOf(rule, args, syntax, static (rule, arg, _) => new PathRegexpMatcher(
                    CompileRegex(rule, arg, template: false, PathSegment, prefix: false, ignoreCase: false)));
            case MatcherNames.Method:
                return new MethodMatcher(Map(rule, args, static (rule, arg) => NotEmpty(rule, arg, "method")));
            case MatcherNames.Header or MatcherNames.Headers:
                return AllPairs(rule, name, args, end, static (rule, key, value) =>
                    new HeaderMatcher(NotEmpty(rule, key, "header name"), value.Value));
            case MatcherNames.HeaderRegexp or MatcherNames.HeadersRegexp:
                return AllPairs(rule, name, args, end, static (rule, key, value) => new HeaderRegexpMatcher(
                    NotEmpty(rule, key, "header name"), CompileRegex(rule, value, template: false, string.Empty, prefix: false, ignoreCase: false)));
            case MatcherNames.Query:
                return CreateQuery(rule, syntax, args);
            case MatcherNames.QueryRegexp:
                return AllPairs(rule, name, args, end, static (rule, key, value) => new QueryMatcher(
                    NotEmpty(rule, key, "query parameter name"), value: null, CompileRegex(rule, value, template: false, string.Empty, prefix: false, ignoreCase: false)));
            case MatcherNames.ClientIp:
                return new ClientIpMatcher(Map(rule, args, static (rule, arg) => IpPrefix.TryParse(arg.Value, out var prefix)
                    ? prefix
                    : throw new RuleParseException(rule, arg.Position, $"'{arg.Value}' is not an IP address or CIDR block")));
            default:
                throw new InvalidOperationException($"Matcher '{name}' has no factory.");
        }
    }

    private static RouteMatcher CreatePath(string rule, IReadOnlyList<RuleArgument> args, bool prefix)
    {
        var plain = new List<string>(args.Count);
        var matchers = new List<RouteMatcher>(1);
        foreach (var arg in args)
        {
            if (!arg.Value.StartsWith('/'))
            {
                throw new RuleParseException(rule, arg.Position, $"the path '{arg.Value}' must start with '/'");
            }

            if (RuleRegex.IsTemplate(arg.Value))
            {
                matchers.Add(new PathRegexpMatcher(CompileRegex(rule, arg, template: true, PathSegment, prefix, ignoreCase: false)));
            }
            else
            {
                plain.Add(arg.Value);
            }
        }

        if (plain.Count > 0)
        {
            matchers.Insert(0, prefix ? new PathPrefixMatcher([.. plain]) : new PathMatcher([.. plain]));
        }

        return matchers.Count == 1 ? matchers[0] : new OrMatcher([.. matchers]);
    }

    private static RouteMatcher CreateQuery(string rule, RuleSyntax syntax, IReadOnlyList<RuleArgument> args)
    {
        // v3 writes Query(`key`, `value`); v1/v2 write key=value pairs, all of which must match.
        if (syntax == RuleSyntax.V2 && args.Count == 2 && !args[0].Value.Contains('=', StringComparison.Ordinal))
        {
            return new QueryMatcher(NotEmpty(rule, args[0], "query parameter name"), args[1].Value, regex: null);
        }

        var matchers = new RouteMatcher[args.Count];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.Value.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? arg.Value : arg.Value[..equals];
            if (key.Length == 0)
            {
                throw new RuleParseException(rule, arg.Position, $"the query parameter '{arg.Value}' has no name");
            }

            matchers[i] = new QueryMatcher(key, equals < 0 ? null : arg.Value[(equals + 1)..], regex: null);
        }

        return matchers.Length == 1 ? matchers[0] : new AndMatcher(matchers);
    }

    private static string NormalizeHost(string rule, RuleArgument arg)
    {
        var host = RequestHost.Normalize(arg.Value).ToString();
        if (host.Length == 0 || host.AsSpan().IndexOfAny(" /?#@") >= 0)
        {
            throw new RuleParseException(rule, arg.Position, $"'{arg.Value}' is not a host name");
        }

        // Traefik compares hosts without the port, so a rule with one could never match: say so.
        if (HasPort(arg.Value))
        {
            throw new RuleParseException(rule, arg.Position, $"'{arg.Value}' has a port; Host matches the name only, write '{host}'");
        }

        if (!Ascii.IsValid(host))
        {
            // Clients send internationalized names in punycode, so compare in that form.
            try
            {
                host = new IdnMapping().GetAscii(host);
            }
            catch (ArgumentException ex)
            {
                throw new RuleParseException(rule, arg.Position, $"'{arg.Value}' is not a valid internationalized host name", ex);
            }
        }

        return host.ToLowerInvariant();
    }

    private static bool HasPort(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            return close > 0 && close < host.Length - 1 && host[close + 1] == ':';
        }

        var colon = host.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && host.IndexOf(':', colon + 1) < 0;
    }

    private static string NotEmpty(string rule, RuleArgument arg, string what) =>
        arg.Value.Length > 0 ? arg.Value : throw new RuleParseException(rule, arg.Position, $"the {what} is empty");

    private static Regex CompileRegex(string rule, RuleArgument arg, bool template, string defaultPattern, bool prefix, bool ignoreCase)
    {
        try
        {
            return template
                ? RuleRegex.CompileTemplate(arg.Value, defaultPattern, prefix, ignoreCase)
                : RuleRegex.Compile(arg.Value, ignoreCase);
        }
        catch (ArgumentException ex)
        {
            throw new RuleParseException(rule, arg.Position, $"'{arg.Value}' is not a valid regular expression: {ex.Message}", ex);
        }
    }

    private static T[] Map<T>(string rule, IReadOnlyList<RuleArgument> args, Func<string, RuleArgument, T> map)
    {
        var result = new T[args.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = map(rule, args[i]);
        }

        return result;
    }

    private static RouteMatcher AnyOf(string rule, IReadOnlyList<RuleArgument> args, RuleSyntax syntax, Func<string, RuleArgument, RuleSyntax, RouteMatcher> create)
    {
        var matchers = new RouteMatcher[args.Count];
        for (var i = 0; i < matchers.Length; i++)
        {
            matchers[i] = create(rule, args[i], syntax);
        }

        return matchers.Length == 1 ? matchers[0] : new OrMatcher(matchers);
    }

    // gorilla/mux's Headers("k1", "v1", "k2", "v2") requires every pair; v3's Header(`k`, `v`) is one pair.
    private static RouteMatcher AllPairs(string rule, string name, IReadOnlyList<RuleArgument> args, int end, Func<string, RuleArgument, RuleArgument, RouteMatcher> create)
    {
        if (args.Count % 2 != 0)
        {
            throw new RuleParseException(rule, end, $"{name} expects a name and a value (pairs of arguments), got {args.Count} argument{(args.Count == 1 ? string.Empty : "s")}");
        }

        var matchers = new RouteMatcher[args.Count / 2];
        for (var i = 0; i < matchers.Length; i++)
        {
            matchers[i] = create(rule, args[2 * i], args[(2 * i) + 1]);
        }

        return matchers.Length == 1 ? matchers[0] : new AndMatcher(matchers);
    }
}
