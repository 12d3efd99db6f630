// Licensed under the MIT License. See LICENSE in the repository root.

using System.Runtime.CompilerServices;
using Sticky.Backends;

namespace Sticky.Affinity;

/// <summary>
/// The affinity state of one service in one routing snapshot: the cookie name, the cookie value of every
/// backend, the Traefik values that still name them, and the prepared <c>Set-Cookie</c> headers. Immutable
/// after <see cref="Create"/>; backend health is read live from the backends, so a health change needs no rebuild.
/// </summary>
internal sealed partial class AffinityTable
{
    private readonly Backend[] _backends;

    // Each backend's cookie value, Set-Cookie header and Traefik values, at its index.
    private readonly BackendAffinityData[] _derived;

    // The rendezvous keys again, side by side: a re-pin scans all of them.
    private readonly ulong[] _rendezvousKeys;
    private readonly bool _equalWeights;
    private readonly bool _acceptsTraefikValues;
    private readonly Dictionary<string, Entry> _entries;
    private readonly Dictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private AffinityTable(
        string serviceName,
        string cookieName,
        Backend[] backends,
        BackendAffinityData[] derived,
        ulong[] rendezvousKeys,
        bool acceptsTraefikValues,
        Dictionary<string, Entry> entries)
    {
        _derived = derived;
        _acceptsTraefikValues = acceptsTraefikValues;
        _entries = entries;
        ServiceName = serviceName;
        CookieName = cookieName;
        _backends = backends;
        _rendezvousKeys = rendezvousKeys;
        _equalWeights = HaveEqualWeights(backends);
        _lookup = entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string ServiceName { get; }

    /// <summary>The cookie name: the configured one, sanitized, or the one Traefik v1 derives from the service name.</summary>
    public string CookieName { get; }

    /// <summary>The backends, in <see cref="Backend.Index"/> order.</summary>
    public IReadOnlyList<Backend> Backends => _backends;

    /// <summary>
    /// Builds the table of <paramref name="serviceName"/>. <paramref name="backends"/> must be the service's
    /// backends of one snapshot, each at the position of its <see cref="Backend.Index"/>. An empty
    /// <paramref name="secret"/> issues unkeyed values. <paramref name="acceptTraefikValues"/> honours the values a
    /// Traefik stack issued (raw URLs, FNV and SHA-256 forms), so sessions survive a migration; they are
    /// guessable, so a deployment that signs its cookies turns them off once the migration is over.
    /// <paramref name="previous"/>, the service's table of the previous snapshot, lets a rebuild that changed no
    /// backend identity (only weights, names or draining) reuse its cookie-value index.
    /// </summary>
    /// <exception cref="ArgumentException">A cookie attribute is invalid or a backend is not at its index.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AffinityTable Create(
        string serviceName,
        AffinityCookieConfig config,
        IReadOnlyList<Backend> backends,
        ReadOnlySpan<byte> secret,
        bool acceptTraefikValues = true,
        AffinityTable? previous = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(backends);
        SetCookieHeader.Validate(serviceName, config);

        var cookieName = string.IsNullOrEmpty(config.CookieName)
            ? AffinityCookieName.Derive(serviceName)
            : AffinityCookieName.Sanitize(config.CookieName);

        var count = backends.Count;
        var ordered = new Backend[count];
        var keys = new ulong[count];
        var derived = new BackendAffinityData[count];
        for (var i = 0; i < count; i++)
        {
            var backend = backends[i] ?? throw new ArgumentException($"Backend {i} of service '{serviceName}' is null.", nameof(backends));
            if (backend.Index != i)
            {
                throw new ArgumentException(
                    $"Backend '{backend.Id}' of service '{serviceName}' is at position {i} but has index {backend.Index}.", nameof(backends));
            }

            // Hashing and formatting are the expensive part of a rebuild; a backend that stays across
            // configuration changes keeps what was derived for it while the cookie settings stay the same.
            derived[i] = BackendAffinityData.Get(backend, cookieName, config, secret, acceptTraefikValues);
            ordered[i] = backend;
            keys[i] = derived[i].RendezvousKey;
        }

        // The index maps cookie values to positions, so it stays valid while every position derives the same
        // values. With Traefik values it holds 17 or more entries per backend: 170,000 for a 10,000-backend
        // service, 8 MB to rebuild when a swap only changed weights.
        var entries = previous is not null && previous._acceptsTraefikValues == acceptTraefikValues && SameDerivedValues(previous._derived, derived)
            ? previous._entries
            : BuildIndex(derived, acceptTraefikValues);
        return new AffinityTable(serviceName, cookieName, ordered, derived, keys, acceptTraefikValues, entries);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Dictionary<string, Entry> BuildIndex(BackendAffinityData[] derived, bool acceptTraefikValues)
    {
        var legacyCount = 0;
        for (var i = 0; acceptTraefikValues && i < derived.Length; i++)
        {
            legacyCount += derived[i].LegacyValues.Count;
        }

        var entries = new Dictionary<string, Entry>(derived.Length + legacyCount, StringComparer.Ordinal);
        for (var i = 0; i < derived.Length; i++)
        {
            // A duplicated identity keeps its first backend: both are the same server.
            entries.TryAdd(derived[i].Value, new Entry(i, IsLegacy: false));
        }

        // Legacy values go in after every native value, so they can never shadow one. Their formats (URLs,
        // at most 16 hex digits) cannot collide with a 22-character base64url value anyway.
        for (var i = 0; acceptTraefikValues && i < derived.Length; i++)
        {
            foreach (var legacy in derived[i].LegacyValues)
            {
                entries.TryAdd(legacy, new Entry(i, IsLegacy: true));
            }
        }

        return entries;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool SameDerivedValues(BackendAffinityData[] previous, BackendAffinityData[] current)
    {
        // The derived data is cached per backend and settings, so the same values are the same object.
        if (previous.Length != current.Length)
        {
            return false;
        }

        for (var i = 0; i < current.Length; i++)
        {
            if (!ReferenceEquals(previous[i], current[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The cookie value that pins a client to <paramref name="backend"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="backend"/> is not a backend of this table.</exception>
    public string GetCookieValue(Backend backend) => _derived[IndexOf(backend)].Value;

    /// <summary>The complete <c>Set-Cookie</c> header value that pins a client to <paramref name="backend"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="backend"/> is not a backend of this table.</exception>
    public string GetSetCookieHeader(Backend backend) => _derived[IndexOf(backend)].SetCookieHeader;

    private int IndexOf(Backend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var index = backend.Index;
        if ((uint)index >= (uint)_backends.Length || !ReferenceEquals(_backends[index], backend))
        {
            throw new ArgumentException($"Backend '{backend.Id}' is not part of the affinity table of service '{ServiceName}'.", nameof(backend));
        }

        return index;
    }

    private static bool HaveEqualWeights(Backend[] backends)
    {
        var weight = 0;
        foreach (var backend in backends)
        {
            if (backend.Weight <= 0)
            {
                continue;
            }

            if (weight != 0 && backend.Weight != weight)
            {
                return false;
            }

            weight = backend.Weight;
        }

        return true;
    }

    /// <summary>What a cookie value names: a backend, and whether the value is a Traefik one to re-issue.</summary>
    private readonly record struct Entry(int Index, bool IsLegacy);
}
