// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Routing;

namespace Sticky.Host.Docker;

/// <summary>Checks a rule from a label with Sticky.Core's parser, so a bad rule skips only its own service.</summary>
internal static class DockerRuleValidation
{
    /// <summary>Returns why <paramref name="rule"/> is invalid, or <see langword="null"/> when it parses.</summary>
    public static string? Validate(string rule)
    {
        try
        {
            RuleParser.Parse(rule);
            return null;
        }
        catch (RuleParseException ex)
        {
            return ex.Message;
        }
    }
}
