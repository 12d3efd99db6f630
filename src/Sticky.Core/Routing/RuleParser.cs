// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing;

/// <summary>
/// Compiles a Traefik routing rule into a <see cref="RouteMatcher"/>. Both dialects are accepted:
/// v1 (<c>Host:a.com,b.com;PathPrefix:/api</c>) and v2/v3 (<c>Host(`a.com`) &amp;&amp; PathPrefix(`/api`)</c>).
/// </summary>
internal static class RuleParser
{
    /// <summary>
    /// Parses <paramref name="rule"/>. An empty or blank rule matches every request, as a service
    /// without a rule does.
    /// </summary>
    /// <exception cref="RuleParseException">The rule is invalid; the message says where and why.</exception>
    public static RouteMatcher Parse(string rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (string.IsNullOrWhiteSpace(rule))
        {
            return RouteMatcher.MatchAll;
        }

        return IsV1(rule) ? LegacyRuleParser.Parse(rule) : ExpressionRuleParser.Parse(rule);
    }

    /// <summary>
    /// A v1 rule starts with <c>Name:</c>. Anything else is read as v2, whose parser gives the more
    /// precise errors for text that is neither (a stray operator, a missing parenthesis).
    /// </summary>
    internal static bool IsV1(string rule)
    {
        var i = 0;
        while (i < rule.Length && char.IsWhiteSpace(rule[i]))
        {
            i++;
        }

        var nameStart = i;
        while (i < rule.Length && (char.IsAsciiLetterOrDigit(rule[i]) || rule[i] == '_'))
        {
            i++;
        }

        if (i == nameStart)
        {
            // "/api" or ";" cannot be v2 either; the v1 parser explains what a matcher looks like.
            return i < rule.Length && rule[i] is not ('!' or '(' or '`' or '"' or '&' or '|' or ')');
        }

        while (i < rule.Length && char.IsWhiteSpace(rule[i]))
        {
            i++;
        }

        return i < rule.Length && rule[i] == ':';
    }
}
