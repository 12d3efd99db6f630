// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Backends;

/// <summary>
/// One server of a service as a provider describes it: where it listens and how much traffic it should get.
/// </summary>
public sealed record BackendConfig
{
    /// <summary>
    /// The absolute base URL of the server, for example <c>http://10.0.0.5:8000</c>. Only <c>http</c> and
    /// <c>https</c> are accepted. The normalized URL is the backend's identity: the affinity cookie value is
    /// derived from it, so every balancer replica agrees on it.
    /// </summary>
    public required string Url { get; init; }

    /// <summary>
    /// A display name (for example the Swarm task or Traefik server name). Defaults to the URL.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>
    /// The relative share of new clients this backend receives. <c>0</c> means it gets no new clients but
    /// keeps serving the clients already pinned to it. Defaults to 1.
    /// </summary>
    public int Weight { get; init; } = 1;

    /// <summary>
    /// When <see langword="true"/> the backend is being retired: it keeps its pinned clients and gets no new ones.
    /// </summary>
    public bool Draining { get; init; }
}
