// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Primitives;
using Sticky.Backends;

namespace Sticky.Affinity.Tests;

/// <summary>Builds fresh backends and tables, so two tables never share a <see cref="Backend"/> object.</summary>
internal static class AffinityTestData
{
    public const string Service = "whoami-service";

    public const string CookieName = "_a49bc";

    public static Backend[] NewBackends(int count) =>
        NewBackends(Enumerable.Range(0, count).Select(i => new BackendConfig { Url = $"http://10.0.0.{5 + i}:8000" }).ToArray());

    public static Backend[] NewBackends(params BackendConfig[] configs) =>
        configs.Select((config, i) => Backend.Create(Service, i, config)).ToArray();

    public static AffinityTable Table(IReadOnlyList<Backend> backends, AffinityCookieConfig? config = null, byte[]? secret = null) =>
        AffinityTable.Create(Service, config ?? new AffinityCookieConfig(), backends, secret);

    public static StringValues Cookie(string value) => new($"{CookieName}={value}");
}
