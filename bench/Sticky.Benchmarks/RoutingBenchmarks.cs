// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Sticky.Routing;

namespace Sticky.Benchmarks;

/// <summary>
/// Route match over 20 routes against its peer: the same table matched with one regular expression per
/// route over "host + path" strings built per request, as a quick implementation would.
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private readonly DefaultHttpContext _context = new();
    private RouteTable<string> _table = null!;
    private (Regex Regex, string Target)[] _regexes = null!;

    [GlobalSetup]
    public void Setup()
    {
        var entries = new List<RouteEntry<string>>();
        var regexes = new List<(Regex, string)>();
        for (var i = 0; i < 20; i++)
        {
            var rule = $"Host(`svc{i}.example.com`) && PathPrefix(`/api/v{i % 3}`)";
            entries.Add(new RouteEntry<string>(rule, RuleParser.Parse(rule), RulePriority.Compute(rule, 0), $"svc{i}"));
            regexes.Add((new Regex($"^svc{i}\\.example\\.com/api/v{i % 3}", RegexOptions.Compiled | RegexOptions.IgnoreCase), $"svc{i}"));
        }

        _table = RouteTable<string>.Build(entries);
        _regexes = [.. regexes];
        _context.Request.Host = new HostString("svc17.example.com:8080");
        _context.Request.Path = "/api/v2/orders/42";
        _context.Request.Method = "GET";
    }

    [Benchmark(Baseline = true, Description = "peer: regex per route over a built string")]
    public string? NaiveMatch()
    {
        var key = _context.Request.Host.Host + _context.Request.Path.Value;
        foreach (var (regex, target) in _regexes)
        {
            if (regex.IsMatch(key))
            {
                return target;
            }
        }

        return null;
    }

    [Benchmark(Description = "Sticky RouteTable.Match")]
    public string? StickyMatch() => _table.Match(_context.Request);
}
