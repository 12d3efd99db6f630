// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Balancing.Tests;

[TestFixture]
public sealed class WeightedRoundRobinPolicyTests
{
    [Test]
    public void Pick_EightThreads_KeepExactPerCycleCounts()
    {
        var backends = Create(5, 3, 2, 1);
        var selector = new WeightedRoundRobinPolicy().CreateSelector(backends);
        // The cycle of 5,3,2,1 is 11 slots; 8 threads x 11,000 picks are whole cycles, so counts are exact.
        const int PicksPerThread = 11 * 1_000;
        var counts = new int[backends.Length];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            var local = new int[backends.Length];
            for (var i = 0; i < PicksPerThread; i++)
            {
                local[selector.Pick(null)!.Index]++;
            }

            for (var b = 0; b < local.Length; b++)
            {
                Interlocked.Add(ref counts[b], local[b]);
            }
        });

        var cycles = 8 * PicksPerThread / 11;
        Assert.That(counts, Is.EqualTo(new[] { 5 * cycles, 3 * cycles, 2 * cycles, 1 * cycles }));
    }

    [Test]
    public void Pick_ZeroWeightAndDraining_NeverPickedForNewClients()
    {
        var backends = new[]
        {
            Backend.Create("svc", 0, new BackendConfig { Url = "http://10.0.0.1:80", Weight = 0 }),
            Backend.Create("svc", 1, new BackendConfig { Url = "http://10.0.0.2:80", Draining = true }),
            Backend.Create("svc", 2, new BackendConfig { Url = "http://10.0.0.3:80" }),
        };
        var selector = new WeightedRoundRobinPolicy().CreateSelector(backends);

        for (var i = 0; i < 100; i++)
        {
            Assert.That(selector.Pick(null), Is.SameAs(backends[2]));
        }
    }

    [Test]
    public void Pick_OneBackend_AlwaysThatBackend()
    {
        var backends = Create(3);
        var selector = new WeightedRoundRobinPolicy().CreateSelector(backends);

        Assert.That(Enumerable.Range(0, 10).Select(_ => selector.Pick(null)), Is.All.SameAs(backends[0]));
    }

    [Test]
    public void Pick_NoBackends_ReturnsNull()
    {
        var selector = new WeightedRoundRobinPolicy().CreateSelector([]);

        Assert.That(selector.Pick(null), Is.Null);
    }

    [Test]
    public void Pick_UnhealthyBackend_TurnPassesToOthers()
    {
        var backends = Create(1, 1, 1);
        backends[1].State.SetHealth(BackendHealth.Unhealthy);
        var selector = new WeightedRoundRobinPolicy().CreateSelector(backends);

        var picked = Enumerable.Range(0, 60).Select(_ => selector.Pick(null)).ToArray();

        Assert.That(picked, Has.None.SameAs(backends[1]));
        Assert.That(picked.Distinct().Count(), Is.EqualTo(2));
    }

    [Test]
    public void Pick_AllUnhealthy_ReturnsNull()
    {
        var backends = Create(1, 2);
        foreach (var backend in backends)
        {
            backend.State.SetHealth(BackendHealth.Unhealthy);
        }

        Assert.That(new WeightedRoundRobinPolicy().CreateSelector(backends).Pick(null), Is.Null);
    }

    [Test]
    public void CreateSelector_ManyInstances_StartOffsetsDiffer()
    {
        var backends = Create(Enumerable.Repeat(1, 50).ToArray());

        var firsts = Enumerable.Range(0, 20).Select(_ => new WeightedRoundRobinPolicy().CreateSelector(backends).Pick(null)!.Index).Distinct().Count();

        // 20 replicas over 50 backends: the chance that all start on the same backend is negligible.
        Assert.That(firsts, Is.GreaterThan(5));
    }

    [Test]
    public void Pick_WarmedPath_AllocatesNothing()
    {
        var selector = new WeightedRoundRobinPolicy().CreateSelector(Create(5, 1, 1));
        for (var i = 0; i < 100; i++)
        {
            selector.Pick(null);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            selector.Pick(null);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    internal static Backend[] Create(params int[] weights) =>
        [.. weights.Select((w, i) => Backend.Create("svc", i, new BackendConfig { Url = $"http://10.0.0.{i + 1}:8000", Weight = w }))];
}
