// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Admin.Tests;

public sealed partial class PrometheusText
{
    private static void ValidateHistogram(MetricFamily family)
    {
        var groups = family.Samples.GroupBy(static sample => string.Join(",", sample.Labels.Where(static l => l.Key != "le").OrderBy(static l => l.Key, StringComparer.Ordinal).Select(static l => $"{l.Key}={l.Value}")));
        foreach (var group in groups)
        {
            var buckets = group.Where(s => s.Name == family.Name + "_bucket").ToList();
            var count = group.SingleOrDefault(s => s.Name == family.Name + "_count") ?? throw new FormatException($"{family.Name}{{{group.Key}}} has no _count");
            _ = group.SingleOrDefault(s => s.Name == family.Name + "_sum") ?? throw new FormatException($"{family.Name}{{{group.Key}}} has no _sum");
            if (buckets.Count == 0 || buckets[^1].Labels.GetValueOrDefault("le") != "+Inf")
            {
                throw new FormatException($"{family.Name}{{{group.Key}}} does not end with an le=\"+Inf\" bucket");
            }

            for (var i = 1; i < buckets.Count; i++)
            {
                if (ParseValue(buckets[i].Labels["le"]) <= ParseValue(buckets[i - 1].Labels["le"]))
                {
                    throw new FormatException($"{family.Name}{{{group.Key}}} bucket bounds are not increasing");
                }

                if (buckets[i].Value < buckets[i - 1].Value)
                {
                    throw new FormatException($"{family.Name}{{{group.Key}}} bucket counts decrease at le={buckets[i].Labels["le"]}");
                }
            }

            if (buckets[^1].Value != count.Value)
            {
                throw new FormatException($"{family.Name}{{{group.Key}}} +Inf bucket {buckets[^1].Value} differs from _count {count.Value}");
            }
        }
    }
}
