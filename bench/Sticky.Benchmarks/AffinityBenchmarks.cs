// Licensed under the MIT License. See LICENSE in the repository root.

using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Primitives;
using Sticky.Affinity;
using Sticky.Backends;

namespace Sticky.Benchmarks;

/// <summary>
/// Cookie parse + affinity lookup against its peer: the usual code (split the header into strings,
/// look the value up in a Dictionary&lt;string, Backend&gt;), which allocates per request.
/// </summary>
[MemoryDiagnoser]
public class AffinityBenchmarks
{
    private AffinityTable _table = null!;
    private Dictionary<string, Backend> _dictionary = null!;
    private StringValues _hit;
    private StringValues _legacy;
    private StringValues _unknown;

    [Params(3, 1_000)]
    public int Backends { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var backends = new Backend[Backends];
        for (var i = 0; i < backends.Length; i++)
        {
            backends[i] = Backend.Create("whoami-service", i, new BackendConfig { Url = $"http://10.0.{i / 250}.{i % 250}:8000" });
        }

        _table = AffinityTable.Create("whoami-service", new AffinityCookieConfig(), backends, []);
        _dictionary = backends.ToDictionary(b => _table.GetCookieValue(b));
        var pinned = backends[backends.Length / 2];
        _hit = new StringValues($"session=abc123; theme=dark; {_table.CookieName}={_table.GetCookieValue(pinned)}; lang=en");
        _legacy = new StringValues($"session=abc123; {_table.CookieName}={pinned.Id}");
        _unknown = new StringValues($"session=abc123; {_table.CookieName}=not-a-backend-value");
    }

    [Benchmark(Baseline = true, Description = "peer: split header + Dictionary<string,Backend>")]
    public Backend? NaiveLookup()
    {
        foreach (var part in _hit.ToString().Split(';'))
        {
            var pair = part.Trim().Split('=', 2);
            if (pair.Length == 2 && pair[0] == _table.CookieName && _dictionary.TryGetValue(pair[1], out var backend))
            {
                return backend;
            }
        }

        return null;
    }

    [Benchmark(Description = "Sticky Resolve: hit")]
    public Backend? Hit() => _table.Resolve(_hit).Backend;

    [Benchmark(Description = "Sticky Resolve: Traefik v1 value")]
    public Backend? Legacy() => _table.Resolve(_legacy).Backend;

    [Benchmark(Description = "Sticky Resolve: unknown value, rendezvous re-pin")]
    public Backend? Repin() => _table.Resolve(_unknown).Backend;
}
