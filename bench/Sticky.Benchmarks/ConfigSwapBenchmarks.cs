// Licensed under the MIT License. See LICENSE in the repository root.

using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Balancing;
using Sticky.Providers;
using Sticky.Proxy;

namespace Sticky.Benchmarks;

/// <summary>
/// What a provider change costs: building the routing snapshot for one sticky service, from the previous
/// snapshot, after one backend of N changed. The peer is the same build for a 100-backend service.
/// </summary>
[MemoryDiagnoser]
public class ConfigSwapBenchmarks
{
    private SnapshotBuilder _builder = null!;
    private RoutingSnapshot _previous = null!;
    private (string, ProviderSnapshot)[] _changed = null!;

    [Params(100, 10_000)]
    public int Backends { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _builder = new SnapshotBuilder([new WeightedRoundRobinPolicy()], [], TimeProvider.System, NullLogger.Instance);
        _previous = _builder.Build([("bench", Snapshot(Backends, 0))], RoutingSnapshot.Empty);
        _changed = [("bench", Snapshot(Backends, 1))];
    }

    [Benchmark]
    public long Swap() => _builder.Build(_changed, _previous).Generation;

    private static ProviderSnapshot Snapshot(int count, int shift) => new()
    {
        Services =
        [
            new ServiceConfig
            {
                Name = "whoami-service",
                Rule = "PathPrefix:/",
                Affinity = new AffinityCookieConfig(),
                Backends = [.. Enumerable.Range(shift, count).Select(i => new BackendConfig { Url = $"http://10.{i / 65536}.{i / 256 % 256}.{i % 256}:8000", Weight = 1 + (i % 3) })],
            },
        ],
        ChangeToken = new Microsoft.Extensions.Primitives.CancellationChangeToken(CancellationToken.None),
    };
}
