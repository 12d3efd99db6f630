// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Affinity;

/// <summary>The outcome of reading a request's affinity cookie.</summary>
internal readonly struct AffinityResult
{
    public AffinityResult(Backend? backend, AffinityStatus status)
    {
        Backend = backend;
        Status = status;
    }

    /// <summary>
    /// The backend to forward to; always one of the table's backends. <see langword="null"/> for
    /// <see cref="AffinityStatus.None"/>, and for <see cref="AffinityStatus.Repinned"/> when no backend takes new clients.
    /// </summary>
    public Backend? Backend { get; }

    public AffinityStatus Status { get; }

    /// <summary>Whether the response must set the cookie: every status but <see cref="AffinityStatus.Hit"/>.</summary>
    public bool NeedsCookie => Status != AffinityStatus.Hit;

    public override string ToString() => $"{Status} {Backend}";
}
