// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Text;

namespace Sticky.Routing;

/// <summary>
/// Thrown when a routing rule (Traefik v1 or v2 syntax) cannot be parsed. The message quotes the rule,
/// names the position and says what was expected there.
/// </summary>
public sealed class RuleParseException : FormatException
{
    /// <summary>Creates an exception for <paramref name="rule"/> failing at <paramref name="position"/>.</summary>
    /// <param name="rule">The rule text as written.</param>
    /// <param name="position">The 0-based index of the failure; the rule's length when the rule ended too early.</param>
    /// <param name="reason">What was expected or found, without a trailing period.</param>
    public RuleParseException(string rule, int position, string reason)
        : this(rule, position, reason, innerException: null)
    {
    }

    /// <summary>Creates an exception for <paramref name="rule"/> failing at <paramref name="position"/>.</summary>
    /// <param name="rule">The rule text as written.</param>
    /// <param name="position">The 0-based index of the failure; the rule's length when the rule ended too early.</param>
    /// <param name="reason">What was expected or found, without a trailing period.</param>
    /// <param name="innerException">The underlying error, for example a regular expression parse error.</param>
    public RuleParseException(string rule, int position, string reason, Exception? innerException)
        : base(FormatMessage(rule, position, reason), innerException)
    {
        Rule = rule;
        Position = position;
        Reason = reason;
    }

    /// <summary>The rule that failed to parse.</summary>
    public string Rule { get; }

    /// <summary>The 0-based character index in <see cref="Rule"/> where parsing failed.</summary>
    public int Position { get; }

    /// <summary>What was expected or found at <see cref="Position"/>, without the rule and the caret line.</summary>
    public string Reason { get; }

    private static string FormatMessage(string rule, int position, string reason)
    {
        var builder = new StringBuilder(rule.Length * 2 + reason.Length + 64);
        builder.Append(CultureInfo.InvariantCulture, $"Rule \"{rule}\" is invalid at position {position}: {reason}.");

        // A caret under the offending character reads faster than a number, but only lines up when the
        // rule prints on one line: control characters are shown as spaces.
        builder.AppendLine().Append("  ");
        foreach (var c in rule)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        builder.AppendLine().Append(' ', 2 + Math.Clamp(position, 0, rule.Length)).Append('^');
        return builder.ToString();
    }
}
