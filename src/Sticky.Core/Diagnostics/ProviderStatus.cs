// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Diagnostics;

/// <summary>What one provider last reported, and how often it refreshed or failed since start.</summary>
/// <param name="Name">The provider name.</param>
/// <param name="UpdatedAt">When the provider last refreshed successfully, if it says.</param>
/// <param name="Error">The provider's current error; <see langword="null"/> when it is healthy.</param>
/// <param name="Services">How many services its last snapshot holds.</param>
/// <param name="Refreshes">New snapshots seen since start.</param>
/// <param name="Errors">Snapshots (or failed reads) carrying an error since start.</param>
internal sealed record ProviderStatus(string Name, DateTimeOffset? UpdatedAt, string? Error, int Services, long Refreshes, long Errors);
