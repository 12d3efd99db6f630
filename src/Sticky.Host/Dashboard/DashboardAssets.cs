// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Sticky.Host.Dashboard;

/// <summary>
/// The dashboard's static files, embedded in this assembly (logical names <c>Sticky.Host.Dashboard.*</c>)
/// and read once: no file system, no build step, nothing fetched from elsewhere.
/// </summary>
internal sealed class DashboardAssets
{
    public const string ResourcePrefix = "Sticky.Host.Dashboard.";

    private readonly FrozenDictionary<string, DashboardAsset> _assets;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[ResourcePrefix.Length..];
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 8)) + "\"";
            assets[name] = new DashboardAsset(name, content, ContentType(name), etag);
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The file names, for example <c>index.html</c>.</summary>
    public IEnumerable<string> Names => _assets.Keys;

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DashboardAsset? asset) =>
        _assets.TryGetValue(name, out asset);

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}

/// <summary>One embedded file.</summary>
internal sealed record DashboardAsset(string Name, byte[] Content, string ContentType, string ETag);
