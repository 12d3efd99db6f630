// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Labels;

/// <summary>
/// Turns the labels of one Swarm service or container into <see cref="ServiceLabels"/>. The dialect is
/// chosen per service: any <c>sticky.*</c> label makes it native, else any <c>traefik.http.*</c> label makes
/// it Traefik v2, else Traefik v1 (which also covers services with no labels at all).
/// </summary>
internal sealed class LabelParser
{
    private static readonly string[] s_v1OnlyPrefixes = ["traefik.port", "traefik.protocol", "traefik.weight", "traefik.frontend.", "traefik.backend"];

    private readonly bool _exposedByDefault;
    private readonly Func<string, string?>? _validateRule;

    /// <param name="exposedByDefault">Whether a service without an enable label takes part (Traefik's default: yes).</param>
    /// <param name="validateRule">Returns why a rule is invalid, or <see langword="null"/>; without it rules are checked later by Sticky.Core.</param>
    public LabelParser(bool exposedByDefault, Func<string, string?>? validateRule = null)
    {
        _exposedByDefault = exposedByDefault;
        _validateRule = validateRule;
    }

    public static LabelDialect DetectDialect(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return LabelDialect.None;
        }

        var dialect = LabelDialect.None;
        foreach (var key in labels.Keys)
        {
            if (key.StartsWith(NativeLabels.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                return LabelDialect.Native;
            }

            if (key.StartsWith(TraefikV2Labels.Prefix, StringComparison.OrdinalIgnoreCase)
                || key.Equals(TraefikV2Labels.SwarmLoadBalancer, StringComparison.OrdinalIgnoreCase))
            {
                dialect = LabelDialect.TraefikV2;
            }
            else if (dialect == LabelDialect.None && key.StartsWith("traefik.", StringComparison.OrdinalIgnoreCase))
            {
                dialect = LabelDialect.TraefikV1;
            }
        }

        return dialect;
    }

    public LabelParseResult Parse(string service, IReadOnlyDictionary<string, string>? labels)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        var reader = new LabelReader(service, labels);
        var dialect = DetectDialect(labels);

        var enabled = dialect == LabelDialect.Native
            ? reader.Bool(NativeLabels.Enable) ?? reader.Bool(TraefikV1Labels.Enable)
            : reader.Bool(TraefikV1Labels.Enable);
        if (reader.Errors.Count > 0)
        {
            return new LabelParseResult(true, null, [.. reader.Errors], [.. reader.Warnings]);
        }

        if (!(enabled ?? _exposedByDefault))
        {
            return new LabelParseResult(false, null, [], []);
        }

        var parsed = dialect switch
        {
            LabelDialect.Native => NativeLabels.Read(reader),
            LabelDialect.TraefikV2 => TraefikV2Labels.Read(reader),
            _ => TraefikV1Labels.Read(reader) with { Dialect = dialect },
        };

        WarnAboutIgnoredLabels(reader, dialect);
        if (parsed.Rule is { } rule && _validateRule?.Invoke(rule) is { } reason)
        {
            reader.Error(parsed.RuleLabel ?? "rule", reason);
        }

        return reader.Errors.Count > 0
            ? new LabelParseResult(true, null, [.. reader.Errors], [.. reader.Warnings])
            : new LabelParseResult(true, parsed, [], [.. reader.Warnings]);
    }

    private static void WarnAboutIgnoredLabels(LabelReader reader, LabelDialect dialect)
    {
        if (dialect == LabelDialect.Native)
        {
            var ignored = reader.Keys
                .Where(static k => k.StartsWith("traefik.", StringComparison.OrdinalIgnoreCase) && !k.Equals(TraefikV1Labels.Enable, StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (ignored.Count > 0)
            {
                reader.Warn($"Traefik labels are ignored because sticky.* labels are present: {string.Join(", ", ignored)}");
            }
        }
        else if (dialect == LabelDialect.TraefikV2)
        {
            var ignored = reader.Keys
                .Where(static k => s_v1OnlyPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (ignored.Count > 0)
            {
                reader.Warn($"Traefik v1 labels are ignored because Traefik v2 labels are present: {string.Join(", ", ignored)}");
            }
        }
    }
}
