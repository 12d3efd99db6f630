// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Host.Docker.Discovery;

/// <summary>One backend that appeared, disappeared or changed (weight, draining, name) in a service.</summary>
/// <param name="Service">The service name.</param>
/// <param name="Before">The backend before; <see langword="null"/> when it was added.</param>
/// <param name="After">The backend after; <see langword="null"/> when it was removed.</param>
internal sealed record BackendChange(string Service, BackendConfig? Before, BackendConfig? After)
{
    public string Url => (After ?? Before)!.Url;
}
