// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Primitives;
using Sticky.Backends;

namespace Sticky.Affinity;

internal sealed partial class AffinityTable
{
    /// <summary>
    /// Reads the affinity cookie from the request's <c>Cookie</c> header values and says where it pins the
    /// request. Allocates nothing and never throws: the header is client input.
    /// </summary>
    /// <remarks>
    /// Every value of the cookie is considered in order (a client may hold several, for different paths);
    /// the first that names an available backend wins. Empty values are ignored: a cleared cookie should be
    /// balanced, not re-pinned, or every such client would land on one backend. A value that names nothing
    /// available re-pins by rendezvous hashing of the first value over the backends that take new clients,
    /// so a client never reaches a backend outside the table and every replica picks the same one.
    /// </remarks>
    public AffinityResult Resolve(StringValues cookieHeader)
    {
        ReadOnlySpan<char> first = default;
        var present = false;
        foreach (var value in new CookieHeaderReader(cookieHeader, CookieName))
        {
            if (value.IsEmpty)
            {
                continue;
            }

            if (!present)
            {
                first = value;
                present = true;
            }

            // Draining backends are still available: their pinned clients stay until the task goes away.
            if (_lookup.TryGetValue(value, out var entry) && _backends[entry.Index] is { IsAvailable: true } backend)
            {
                return new AffinityResult(backend, entry.IsLegacy ? AffinityStatus.LegacyHit : AffinityStatus.Hit);
            }
        }

        return present ? new AffinityResult(Repin(first), AffinityStatus.Repinned) : default;
    }

    /// <summary>The rendezvous winner for <paramref name="value"/> among the backends that accept new clients.</summary>
    private Backend? Repin(ReadOnlySpan<char> value)
    {
        var valueHash = RendezvousHash.HashValue(value);
        Backend? best = null;
        ulong bestDraw = 0;
        var bestScore = 0.0;
        for (var i = 0; i < _backends.Length; i++)
        {
            var backend = _backends[i];
            if (!backend.AcceptsNewClients)
            {
                continue;
            }

            var draw = RendezvousHash.Draw(valueHash, _rendezvousKeys[i]);
            if (_equalWeights)
            {
                // Integer comparison: bit-identical on every machine, whatever its floating point library.
                if (best is null || draw > bestDraw)
                {
                    (best, bestDraw) = (backend, draw);
                }

                continue;
            }

            var score = RendezvousHash.WeightedScore(draw, backend.Weight);
            if (best is null || score > bestScore || (score == bestScore && draw > bestDraw))
            {
                (best, bestDraw, bestScore) = (backend, draw, score);
            }
        }

        return best;
    }
}
