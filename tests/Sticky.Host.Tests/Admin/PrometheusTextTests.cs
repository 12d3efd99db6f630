// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Admin.Tests;

/// <summary>The test parser must itself reject bad input, or the metrics tests prove nothing.</summary>
[TestFixture]
public sealed class PrometheusTextTests
{
    private const string Valid =
        "# HELP a_total A counter.\n# TYPE a_total counter\na_total{x=\"q\\\"uote\\\\ and\\nline\"} 3\n" +
        "# HELP h_seconds A histogram.\n# TYPE h_seconds histogram\n" +
        "h_seconds_bucket{le=\"0.1\"} 1\nh_seconds_bucket{le=\"1\"} 2\nh_seconds_bucket{le=\"+Inf\"} 3\nh_seconds_sum 4.5\nh_seconds_count 3\n";

    [Test]
    public void Parse_ValidText_ReadsFamiliesSamplesAndUnescapedLabels()
    {
        var text = PrometheusText.Parse(Valid);

        Assert.Multiple(() =>
        {
            Assert.That(text.Families.Keys, Is.EquivalentTo(new[] { "a_total", "h_seconds" }));
            Assert.That(text.Families["a_total"].Samples.Single().Labels["x"], Is.EqualTo("q\"uote\\ and\nline"));
            Assert.That(text.Value("h_seconds_count"), Is.EqualTo(3));
        });
    }

    [TestCase("a_total 1\n", TestName = "Parse_SampleBeforeType_Throws")]
    [TestCase("# TYPE a_total counter\na_total{x=\"1\"} one\n", TestName = "Parse_NonNumericValue_Throws")]
    [TestCase("# TYPE a_total counter\na_total{x=\"bad\\q\"} 1\n", TestName = "Parse_InvalidEscape_Throws")]
    [TestCase("# TYPE a_total counter\na_total{x=\"1\"} 1\na_total{x=\"1\"} 2\n", TestName = "Parse_DuplicateSeries_Throws")]
    [TestCase("# TYPE a_total counter\na_total{1x=\"1\"} 1\n", TestName = "Parse_InvalidLabelName_Throws")]
    [TestCase("# TYPE a_total counter\na_total -1\n", TestName = "Parse_NegativeCounter_Throws")]
    [TestCase("# TYPE a_total counter\na_total 1", TestName = "Parse_MissingFinalLineFeed_Throws")]
    [TestCase("# TYPE a gauge\n# TYPE b gauge\na 1\nb 1\na{x=\"2\"} 1\n", TestName = "Parse_SplitFamily_Throws")]
    [TestCase("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", TestName = "Parse_DecreasingBuckets_Throws")]
    [TestCase("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n", TestName = "Parse_InfBucketNotCount_Throws")]
    [TestCase("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", TestName = "Parse_NoInfBucket_Throws")]
    public void Parse_InvalidText_Throws(string text)
    {
        Assert.That(() => PrometheusText.Parse(text), Throws.TypeOf<FormatException>());
    }
}
