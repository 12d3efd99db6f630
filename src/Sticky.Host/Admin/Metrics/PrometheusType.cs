// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Admin.Metrics;

/// <summary>The Prometheus metric types this exporter writes.</summary>
internal enum PrometheusType
{
    Counter,
    Gauge,
    Histogram,
}
