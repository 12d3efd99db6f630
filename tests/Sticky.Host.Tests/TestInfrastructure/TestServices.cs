// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Affinity;
using Sticky.Backends;

namespace Sticky.Host.TestInfrastructure.Tests;

/// <summary>Service definitions for an <c>InMemoryBackendProvider</c>.</summary>
public static class TestServices
{
    /// <summary>A sticky service (default cookie) over the given backends, all with <paramref name="weight"/>.</summary>
    public static ServiceConfig Sticky(string name, string rule, IEnumerable<TestBackend> backends, int weight = 1) => new()
    {
        Name = name,
        Rule = rule,
        Affinity = new AffinityCookieConfig(),
        Backends = [.. backends.Select(backend => new BackendConfig { Name = backend.Name, Url = backend.UrlText, Weight = weight })],
    };
}
