// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing;

/// <summary>One argument of a matcher as parsed, with where it starts in the rule for error messages.</summary>
internal readonly record struct RuleArgument(string Value, int Position);
