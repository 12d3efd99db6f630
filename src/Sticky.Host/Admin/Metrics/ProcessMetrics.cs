// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Text;

namespace Sticky.Host.Admin.Metrics;

/// <summary>
/// The process figures every Prometheus client library exports under these standard names (memory,
/// CPU, allocations, collections), so dashboards built for other .NET services work unchanged.
/// </summary>
internal static class ProcessMetrics
{
    public static void Write(StringBuilder text)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        Write(text, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", Environment.WorkingSet);
        Write(text, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", process.TotalProcessorTime.TotalSeconds);
        Write(text, "process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.", new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        Write(text, "dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since the process started.", GC.GetTotalAllocatedBytes());
        Write(text, "dotnet_gc_pause_seconds_total", "counter", "Time the process was paused by garbage collections since it started.", GC.GetTotalPauseDuration().TotalSeconds);
        Write(text, "dotnet_gc_heap_size_bytes", "gauge", "Bytes in use on the managed heap after the last collection.", GC.GetGCMemoryInfo().HeapSizeBytes);
        text.Append("# HELP dotnet_gc_collections_total Garbage collections since the process started, by generation.\n");
        text.Append("# TYPE dotnet_gc_collections_total counter\n");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            text.Append(CultureInfo.InvariantCulture, $"dotnet_gc_collections_total{{generation=\"{generation}\"}} {GC.CollectionCount(generation)}\n");
        }
    }

    private static void Write(StringBuilder text, string name, string type, string help, double value)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");
    }
}
