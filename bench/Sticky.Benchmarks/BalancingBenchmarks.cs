// Licensed under the MIT License. See LICENSE in the repository root.

using BenchmarkDotNet.Attributes;
using Sticky.Backends;
using Sticky.Balancing;

namespace Sticky.Benchmarks;

/// <summary>
/// The weighted pick against its peer: nginx's smooth weighted round-robin computed per pick under a
/// lock (what a straightforward port does). Sticky precomputes the cycle, so its cost is flat in n.
/// </summary>
[MemoryDiagnoser]
public class BalancingBenchmarks
{
    private IBackendSelector _selector = null!;
    private NaiveSmoothWeightedRoundRobin _naive = null!;

    [Params(2, 100, 10_000)]
    public int Backends { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var backends = new Backend[Backends];
        for (var i = 0; i < backends.Length; i++)
        {
            backends[i] = Backend.Create("svc", i, new BackendConfig { Url = $"http://10.0.{i / 250}.{i % 250}:8000", Weight = 1 + (i % 3) });
        }

        _selector = new WeightedRoundRobinPolicy().CreateSelector(backends);
        _naive = new NaiveSmoothWeightedRoundRobin(backends);
    }

    [Benchmark(Baseline = true, Description = "peer: nginx smooth WRR per pick, locked")]
    public Backend NaivePick() => _naive.Pick();

    [Benchmark(Description = "Sticky WeightedRoundRobin.Pick")]
    public Backend? StickyPick() => _selector.Pick(null);

    private sealed class NaiveSmoothWeightedRoundRobin(Backend[] backends)
    {
        private readonly long[] _current = new long[backends.Length];
        private readonly Lock _gate = new();

        public Backend Pick()
        {
            lock (_gate)
            {
                long total = 0;
                var best = 0;
                for (var i = 0; i < backends.Length; i++)
                {
                    _current[i] += backends[i].Weight;
                    total += backends[i].Weight;
                    if (_current[i] > _current[best])
                    {
                        best = i;
                    }
                }

                _current[best] -= total;
                return backends[best];
            }
        }
    }
}
