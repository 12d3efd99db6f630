// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text;
using System.Text.RegularExpressions;

namespace Sticky.Routing;

/// <summary>
/// Builds the regular expressions of rules once, at parse time, and runs them without allocating.
/// Understands the gorilla/mux templates of Traefik v1/v2 (<c>{subdomain:[a-z]+}.example.com</c>).
/// </summary>
internal static class RuleRegex
{
    private const RegexOptions Options = RegexOptions.Compiled | RegexOptions.CultureInvariant;

    // Generous for the short inputs a rule sees, yet a pathological pattern cannot pin a request thread.
    private static readonly TimeSpan s_matchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether <paramref name="text"/> contains a gorilla/mux variable such as <c>{id}</c> or <c>{id:[0-9]+}</c>.</summary>
    public static bool IsTemplate(string text)
    {
        for (var i = text.IndexOf('{', StringComparison.Ordinal); i >= 0 && i < text.Length - 1; i = text.IndexOf('{', i + 1))
        {
            // "{2,3}" is a regex quantifier, not a variable: variables start with a name.
            if (char.IsAsciiLetter(text[i + 1]) || text[i + 1] == '_')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Compiles a plain (Go RE2 flavoured) regular expression, unanchored as Go's MatchString is.</summary>
    /// <exception cref="ArgumentException">The pattern is invalid; the message says why.</exception>
    public static Regex Compile(string pattern, bool ignoreCase)
    {
        // .NET spells Go's named groups (?P<name>...) as (?<name>...).
        pattern = pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
        return new Regex(pattern, ignoreCase ? Options | RegexOptions.IgnoreCase : Options, s_matchTimeout);
    }

    /// <summary>
    /// Compiles a gorilla/mux template: literal text plus <c>{name}</c> or <c>{name:pattern}</c> variables,
    /// anchored at the start, and at the end unless <paramref name="prefix"/>.
    /// </summary>
    /// <param name="template">The template.</param>
    /// <param name="defaultPattern">What a variable without a pattern matches: one host label or one path segment.</param>
    /// <param name="prefix">Whether the template only has to match the beginning (<c>PathPrefix</c>).</param>
    /// <param name="ignoreCase">Whether to ignore case (host names).</param>
    /// <exception cref="ArgumentException">The braces are unbalanced or a variable's pattern is invalid.</exception>
    public static Regex CompileTemplate(string template, string defaultPattern, bool prefix, bool ignoreCase)
    {
        var builder = new StringBuilder("^");
        var literalStart = 0;
        var i = 0;
        while (i < template.Length)
        {
            if (template[i] == '}')
            {
                throw new ArgumentException($"unbalanced '}}' at offset {i} of the template");
            }

            if (template[i] != '{')
            {
                i++;
                continue;
            }

            builder.Append(Regex.Escape(template[literalStart..i]));
            var end = FindClosingBrace(template, i);
            var variable = template.AsSpan(i + 1, end - i - 1);
            var colon = variable.IndexOf(':');
            if (colon == 0 || variable.IsEmpty)
            {
                throw new ArgumentException($"the variable at offset {i} of the template has no name");
            }

            var pattern = colon < 0 ? defaultPattern : variable[(colon + 1)..].ToString();
            builder.Append("(?:").Append(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal)).Append(')');
            i = end + 1;
            literalStart = i;
        }

        builder.Append(Regex.Escape(template[literalStart..]));
        if (!prefix)
        {
            builder.Append('$');
        }

        return new Regex(builder.ToString(), ignoreCase ? Options | RegexOptions.IgnoreCase : Options, s_matchTimeout);
    }

    /// <summary>Runs <paramref name="regex"/>; a timed-out match counts as no match rather than a failed request.</summary>
    public static bool IsMatch(Regex regex, ReadOnlySpan<char> input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // Patterns may nest braces ("{id:[0-9]{3}}"), so count them as gorilla/mux does.
    private static int FindClosingBrace(string template, int open)
    {
        var depth = 0;
        for (var i = open; i < template.Length; i++)
        {
            if (template[i] == '{')
            {
                depth++;
            }
            else if (template[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        throw new ArgumentException($"the '{{' at offset {open} of the template is never closed");
    }
}
