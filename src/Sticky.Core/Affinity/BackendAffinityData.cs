// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Affinity;

/// <summary>
/// What the affinity table derives from one backend (its cookie value, Set-Cookie header, rendezvous key,
/// Traefik values), cached on the backend's long-lived state. Rebuilding a 10,000-backend service after
/// one task changed then hashes one backend, not ten thousand.
/// </summary>
internal sealed class BackendAffinityData
{
    private readonly string _cookieName;
    private readonly AffinityCookieConfig _config;
    private readonly byte[] _secret;
    private readonly string _backendId;

    private BackendAffinityData(string backendId, string cookieName, AffinityCookieConfig config, ReadOnlySpan<byte> secret, bool withLegacy)
    {
        _backendId = backendId;
        _cookieName = cookieName;
        _config = config;
        _secret = secret.ToArray();
        Value = AffinityValueCodec.Compute(backendId, secret);
        SetCookieHeader = Sticky.Affinity.SetCookieHeader.Format(cookieName, Value, config);
        RendezvousKey = RendezvousHash.BackendKey(backendId);
        LegacyValues = withLegacy ? TraefikCookieValues.Compute(backendId) : [];
    }

    public string Value { get; }

    public string SetCookieHeader { get; }

    public ulong RendezvousKey { get; }

    public IReadOnlyList<string> LegacyValues { get; }

    public static BackendAffinityData Get(Backend backend, string cookieName, AffinityCookieConfig config, ReadOnlySpan<byte> secret, bool withLegacy)
    {
        // Snapshots are built one at a time, so the cache slot needs no synchronization.
        if (backend.State.AffinityCache is BackendAffinityData cached && cached.Matches(backend.Id, cookieName, config, secret, withLegacy))
        {
            return cached;
        }

        var derived = new BackendAffinityData(backend.Id, cookieName, config, secret, withLegacy);
        backend.State.AffinityCache = derived;
        return derived;
    }

    private bool Matches(string backendId, string cookieName, AffinityCookieConfig config, ReadOnlySpan<byte> secret, bool withLegacy) =>
        string.Equals(_backendId, backendId, StringComparison.Ordinal)
        && string.Equals(_cookieName, cookieName, StringComparison.Ordinal)
        && _config.Equals(config)
        && secret.SequenceEqual(_secret)
        && (!withLegacy || LegacyValues.Count > 0);
}
