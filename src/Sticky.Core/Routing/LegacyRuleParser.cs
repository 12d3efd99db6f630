// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing;

/// <summary>
/// Parses Traefik v1 frontend rules: <c>Name:value[,value...]</c> matchers separated by <c>;</c>, all of
/// which must match. Like Traefik, it trims whitespace and skips empty values and empty matchers.
/// </summary>
internal static class LegacyRuleParser
{
    public static RouteMatcher Parse(string rule)
    {
        var matchers = new List<RouteMatcher>();
        var start = 0;
        while (start <= rule.Length)
        {
            var end = rule.IndexOf(';', start);
            if (end < 0)
            {
                end = rule.Length;
            }

            var matcher = ParseMatcher(rule, start, end);
            if (matcher is not null)
            {
                matchers.Add(matcher);
            }

            start = end + 1;
        }

        return matchers.Count switch
        {
            0 => throw new RuleParseException(rule, 0, "expected a matcher such as PathPrefix:/"),
            1 => matchers[0],
            _ => new AndMatcher([.. matchers]),
        };
    }

    private static RouteMatcher? ParseMatcher(string rule, int start, int end)
    {
        var position = SkipWhitespace(rule, start, end);
        if (position == end)
        {
            return null;
        }

        var nameStart = position;
        while (position < end && (char.IsAsciiLetterOrDigit(rule[position]) || rule[position] == '_'))
        {
            position++;
        }

        if (position == nameStart)
        {
            throw new RuleParseException(rule, nameStart, $"expected a matcher name such as PathPrefix but found '{rule[nameStart]}'");
        }

        var name = MatcherNames.Resolve(rule, RuleSyntax.V1, rule[nameStart..position], nameStart);
        position = SkipWhitespace(rule, position, end);
        if (position == end || rule[position] != ':')
        {
            var found = position == rule.Length ? "the end of the rule" : $"'{rule[position]}'";
            throw new RuleParseException(rule, position, $"expected ':' after {name} but found {found}");
        }

        var args = SplitValues(rule, position + 1, end);
        if (args.Count == 0)
        {
            throw new RuleParseException(rule, SkipWhitespace(rule, position + 1, end), $"expected a value after '{name}:'");
        }

        return MatcherFactory.Create(rule, RuleSyntax.V1, name, args, end);
    }

    // Commas inside braces belong to a template's pattern ("{id:[0-9]{1,3}}"), so they do not split.
    private static List<RuleArgument> SplitValues(string rule, int start, int end)
    {
        var args = new List<RuleArgument>(2);
        var depth = 0;
        var valueStart = start;
        for (var i = start; i <= end; i++)
        {
            var c = i < end ? rule[i] : ',';
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (c == ',' && (depth == 0 || i == end))
            {
                var first = SkipWhitespace(rule, valueStart, i);
                var last = i;
                while (last > first && char.IsWhiteSpace(rule[last - 1]))
                {
                    last--;
                }

                if (last > first)
                {
                    args.Add(new RuleArgument(rule[first..last], first));
                }

                valueStart = i + 1;
            }
        }

        return args;
    }

    private static int SkipWhitespace(string rule, int position, int end)
    {
        while (position < end && char.IsWhiteSpace(rule[position]))
        {
            position++;
        }

        return position;
    }
}
