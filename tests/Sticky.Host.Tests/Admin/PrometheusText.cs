// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Text.RegularExpressions;

namespace Sticky.Host.Admin.Tests;

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4, for tests. It throws
/// <see cref="FormatException"/> naming the line for anything a Prometheus server would reject and for what
/// a well-behaved exporter never writes: a sample before its family's TYPE, a family split in two, a
/// duplicate series, a histogram whose buckets decrease, lack +Inf, or whose +Inf differs from _count.
/// </summary>
public sealed partial class PrometheusText
{
    private static readonly HashSet<string> s_types = new(StringComparer.Ordinal) { "counter", "gauge", "histogram", "summary", "untyped" };

    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);

    private PrometheusText()
    {
    }

    public IReadOnlyDictionary<string, MetricFamily> Families => _families;

    public static PrometheusText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the last line does not end with a line feed");
        }

        var parsed = new PrometheusText();
        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var number = i + 1;
            try
            {
                var family = parsed.ParseLine(line);
                if (family is not null && family != current)
                {
                    if (current is not null)
                    {
                        finished.Add(current);
                    }

                    if (finished.Contains(family))
                    {
                        throw new FormatException($"family {family} appears in two separate groups");
                    }

                    current = family;
                }
            }
            catch (FormatException ex)
            {
                throw new FormatException($"line {number}: {ex.Message}: '{line}'", ex);
            }
        }

        foreach (var family in parsed._families.Values)
        {
            if (family.Type == "histogram")
            {
                ValidateHistogram(family);
            }
        }

        return parsed;
    }

    /// <summary>The value of the one sample named <paramref name="name"/> whose labels include all of <paramref name="labels"/>; 0 when none.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var matches = Samples(name, labels).ToList();
        Assert.That(matches, Has.Count.LessThanOrEqualTo(1), $"{name} with the given labels is ambiguous");
        return matches.Count == 0 ? 0 : matches[0].Value;
    }

    /// <summary>The sum over every sample named <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Name, string Value)[] labels) => Samples(name, labels).Sum(static sample => sample.Value);

    public IEnumerable<Sample> Samples(string name, params (string Name, string Value)[] labels) =>
        _families.Values.SelectMany(static family => family.Samples)
            .Where(sample => sample.Name == name && labels.All(label => sample.Labels.TryGetValue(label.Name, out var value) && value == label.Value));

    // Returns the family a sample line belongs to, or null for comments.
    private string? ParseLine(string line)
    {
        if (line.Length == 0)
        {
            return null;
        }

        if (line.Contains('\r', StringComparison.Ordinal))
        {
            throw new FormatException("carriage return");
        }

        if (line[0] == '#')
        {
            ParseComment(line);
            return null;
        }

        var match = SampleLine().Match(line);
        if (!match.Success)
        {
            throw new FormatException("not a valid sample line");
        }

        var name = match.Groups["name"].Value;
        var labels = ParseLabels(match.Groups["labels"].Value);
        var value = ParseValue(match.Groups["value"].Value);
        var family = FamilyOf(name) ?? throw new FormatException($"sample {name} comes before its # TYPE line");
        if (family.Type == "counter" && (value < 0 || double.IsNaN(value)))
        {
            throw new FormatException("a counter is negative or NaN");
        }

        var sample = new Sample(name, labels, value);
        if (family.Samples.Any(existing => existing.Name == name && existing.LabelText == sample.LabelText))
        {
            throw new FormatException("duplicate series");
        }

        family.Samples.Add(sample);
        return family.Name;
    }

    private void ParseComment(string line)
    {
        var help = HelpLine().Match(line);
        if (help.Success)
        {
            var name = help.Groups["name"].Value;
            ValidateEscapes(help.Groups["text"].Value, allowQuote: false);
            var family = GetOrAddFamily(name);
            if (family.Help is not null || family.Samples.Count > 0)
            {
                throw new FormatException("HELP repeated or after samples");
            }

            family.Help = help.Groups["text"].Value;
            return;
        }

        var type = TypeLine().Match(line);
        if (type.Success)
        {
            var family = GetOrAddFamily(type.Groups["name"].Value);
            if (family.Type is not null || family.Samples.Count > 0 || !s_types.Contains(type.Groups["type"].Value))
            {
                throw new FormatException("TYPE repeated, after samples, or unknown");
            }

            family.Type = type.Groups["type"].Value;
            return;
        }

        if (line.StartsWith("# HELP", StringComparison.Ordinal) || line.StartsWith("# TYPE", StringComparison.Ordinal))
        {
            throw new FormatException("malformed HELP or TYPE line");
        }
    }

    private MetricFamily GetOrAddFamily(string name)
    {
        if (!_families.TryGetValue(name, out var family))
        {
            family = new MetricFamily(name);
            _families[name] = family;
        }

        return family;
    }

    private MetricFamily? FamilyOf(string sampleName)
    {
        if (_families.TryGetValue(sampleName, out var exact) && exact.Type is not null and not "histogram" and not "summary")
        {
            return exact;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && _families.TryGetValue(sampleName[..^suffix.Length], out var family)
                && family.Type is "histogram" or "summary")
            {
                return family;
            }
        }

        return null;
    }

    private static Dictionary<string, string> ParseLabels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (text.Length == 0)
        {
            return labels;
        }

        var position = 0;
        while (position < text.Length)
        {
            var match = LabelPair().Match(text, position);
            if (!match.Success || match.Index != position)
            {
                throw new FormatException("malformed label");
            }

            var name = match.Groups["name"].Value;
            if (!labels.TryAdd(name, Unescape(match.Groups["value"].Value)))
            {
                throw new FormatException($"label {name} repeated");
            }

            position += match.Length;
            if (position < text.Length)
            {
                if (text[position] != ',')
                {
                    throw new FormatException("labels not separated by a comma");
                }

                position++;
            }
        }

        return labels;
    }

    private static string Unescape(string value)
    {
        ValidateEscapes(value, allowQuote: true);
        return value.Replace(@"\n", "\n", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal).Replace(@"\\", @"\", StringComparison.Ordinal);
    }

    private static void ValidateEscapes(string value, bool allowQuote)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                continue;
            }

            if (i + 1 >= value.Length || !(value[i + 1] is '\\' or 'n' || (allowQuote && value[i + 1] == '"')))
            {
                throw new FormatException("invalid escape sequence");
            }

            i++;
        }
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"'{text}' is not a number"),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>.*)\})? (?<value>\S+)(?: -?\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"^# HELP (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<text>.*)$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<type>[a-z]+)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
