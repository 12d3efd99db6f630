// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;
using Sticky.Backends;

namespace Sticky.Balancing;

/// <summary>
/// Chooses the backend for a new client (one without a valid affinity pin). One selector is created per
/// service per routing snapshot and called concurrently from every request thread, so implementations
/// must be thread-safe and should not allocate.
/// </summary>
public interface IBackendSelector
{
    /// <summary>
    /// Returns a backend whose <see cref="Backend.AcceptsNewClients"/> is <see langword="true"/>, or
    /// <see langword="null"/> when there is none.
    /// </summary>
    /// <param name="context">The request being balanced; <see langword="null"/> outside a request (tests, benchmarks).</param>
    Backend? Pick(HttpContext? context);
}
