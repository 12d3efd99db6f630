// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Sticky.Routing;

/// <summary>
/// Parses Traefik v2/v3 rules: <c>Name(`arg`, "arg")</c> matchers combined with <c>!</c>, <c>&amp;&amp;</c>,
/// <c>||</c> (in that precedence) and parentheses, with any whitespace between tokens.
/// </summary>
internal sealed class ExpressionRuleParser
{
    private readonly string _rule;
    private int _position;

    private ExpressionRuleParser(string rule)
    {
        _rule = rule;
    }

    public static RouteMatcher Parse(string rule)
    {
        var parser = new ExpressionRuleParser(rule);
        var matcher = parser.ParseOr(after: null);
        parser.SkipWhitespace();
        if (!parser.AtEnd)
        {
            parser.Fail(parser.Current == ')'
                ? "found ')' without a matching '('"
                : $"expected '&&' or '||' but found {parser.Describe()}");
        }

        return matcher;
    }

    private bool AtEnd => _position >= _rule.Length;

    private char Current => _rule[_position];

    private RouteMatcher ParseOr(string? after)
    {
        var first = ParseAnd(after);
        List<RouteMatcher>? operands = null;
        while (TakeOperator('|'))
        {
            (operands ??= [first]).Add(ParseAnd("'||'"));
        }

        return operands is null ? first : new OrMatcher([.. operands]);
    }

    private RouteMatcher ParseAnd(string? after)
    {
        var first = ParseUnary(after);
        List<RouteMatcher>? operands = null;
        while (TakeOperator('&'))
        {
            (operands ??= [first]).Add(ParseUnary("'&&'"));
        }

        return operands is null ? first : new AndMatcher([.. operands]);
    }

    private RouteMatcher ParseUnary(string? after)
    {
        SkipWhitespace();
        if (!AtEnd && Current == '!')
        {
            _position++;
            return new NotMatcher(ParseUnary("'!'"));
        }

        return ParsePrimary(after);
    }

    private RouteMatcher ParsePrimary(string? after)
    {
        SkipWhitespace();
        if (!AtEnd && Current == '(')
        {
            var open = _position++;
            var inner = ParseOr("'('");
            SkipWhitespace();
            if (AtEnd || Current != ')')
            {
                Fail($"expected ')' to close the '(' at position {open} but found {Describe()}");
            }

            _position++;
            return inner;
        }

        if (AtEnd || !char.IsAsciiLetter(Current))
        {
            Fail(after is null
                ? $"expected a matcher such as Host(`example.com`) but found {Describe()}"
                : $"expected a matcher after {after} but found {Describe()}");
        }

        return ParseMatcher();
    }

    private RouteMatcher ParseMatcher()
    {
        var nameStart = _position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current == '_'))
        {
            _position++;
        }

        var name = MatcherNames.Resolve(_rule, RuleSyntax.V2, _rule[nameStart.._position], nameStart);
        SkipWhitespace();
        if (AtEnd || Current != '(')
        {
            Fail(!AtEnd && Current == ':'
                ? $"expected '(' after {name}; the v1 form {name}:value cannot be mixed with v2 matchers"
                : $"expected '(' after {name} but found {Describe()}");
        }

        _position++;
        SkipWhitespace();
        if (!AtEnd && Current == ')')
        {
            Fail($"{name}() needs at least one argument");
        }

        var args = new List<RuleArgument>(2);
        while (true)
        {
            SkipWhitespace();
            args.Add(ParseString());
            SkipWhitespace();
            if (!AtEnd && Current == ',')
            {
                _position++;
                continue;
            }

            if (!AtEnd && Current == ')')
            {
                break;
            }

            Fail($"expected ',' or ')' after an argument of {name} but found {Describe()}");
        }

        var end = _position++;
        return MatcherFactory.Create(_rule, RuleSyntax.V2, name, args, end);
    }

    // Traefik v2 parses rules as Go expressions: raw `backtick` strings, or "interpreted" ones with escapes.
    private RuleArgument ParseString()
    {
        var start = _position;
        if (AtEnd || (Current != '`' && Current != '"'))
        {
            Fail($"expected an argument in backticks or double quotes, such as `value`, but found {Describe()}");
        }

        var quote = Current;
        if (quote == '`')
        {
            var close = _rule.IndexOf('`', start + 1);
            if (close < 0)
            {
                Fail("unterminated string: the '`' here is never closed");
            }

            _position = close + 1;
            return new RuleArgument(_rule[(start + 1)..close], start);
        }

        var value = new StringBuilder();
        for (_position = start + 1; _position < _rule.Length; _position++)
        {
            var c = Current;
            if (c == '"')
            {
                _position++;
                return new RuleArgument(value.ToString(), start);
            }

            if (c == '\\')
            {
                if (_position + 1 >= _rule.Length)
                {
                    break;
                }

                value.Append(_rule[++_position] switch
                {
                    '"' => '"',
                    '\\' => '\\',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    var other => FailEscape(other),
                });
                continue;
            }

            value.Append(c);
        }

        _position = start;
        Fail("unterminated string: the '\"' here is never closed");
        return default;
    }

    private char FailEscape(char escaped)
    {
        _position--;
        Fail($"unknown escape sequence '\\{escaped}' (use a backtick string for regular expressions)");
        return escaped;
    }

    // Consumes "&&" or "||"; a lone '&' or '|' is an error rather than the end of the expression.
    private bool TakeOperator(char symbol)
    {
        SkipWhitespace();
        if (AtEnd || Current != symbol)
        {
            return false;
        }

        if (_position + 1 >= _rule.Length || _rule[_position + 1] != symbol)
        {
            Fail($"expected '{symbol}{symbol}' but found a single '{symbol}'");
        }

        _position += 2;
        return true;
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && char.IsWhiteSpace(Current))
        {
            _position++;
        }
    }

    private string Describe() => AtEnd ? "the end of the rule" : $"'{Current}'";

    [DoesNotReturn]
    private void Fail(string reason) => throw new RuleParseException(_rule, _position, reason);
}
