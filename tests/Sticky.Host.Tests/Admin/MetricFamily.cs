// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Admin.Tests;

/// <summary>One metric family: its HELP, TYPE and samples in order.</summary>
public sealed class MetricFamily(string name)
{
    public string Name { get; } = name;

    public string? Help { get; set; }

    public string? Type { get; set; }

    public List<Sample> Samples { get; } = [];
}

/// <summary>One sample line.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string LabelText { get; } = string.Join(",", Labels.OrderBy(static l => l.Key, StringComparer.Ordinal).Select(static l => $"{l.Key}={l.Value}"));
}
