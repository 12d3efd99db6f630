// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics.CodeAnalysis;

namespace Sticky.Host.Docker.Client;

/// <summary>
/// Where the Docker daemon listens and how to reach it, resolved as the Docker CLI does: an explicit
/// endpoint, else <c>DOCKER_HOST</c>, else <c>unix:///var/run/docker.sock</c>; TLS when
/// <c>DOCKER_TLS_VERIFY</c> or <c>DOCKER_CERT_PATH</c> is set.
/// </summary>
internal sealed record DockerEndpoint
{
    public const string DefaultHost = "unix:///var/run/docker.sock";

    /// <summary>The endpoint as the user wrote it, for messages: <c>unix:///var/run/docker.sock</c>.</summary>
    public required string Display { get; init; }

    /// <summary>The unix socket path, or <see langword="null"/> for TCP.</summary>
    public string? SocketPath { get; init; }

    /// <summary>The HTTP base address requests are sent to (a placeholder host for unix sockets).</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>The folder holding <c>ca.pem</c>, <c>cert.pem</c> and <c>key.pem</c>, when TLS is used.</summary>
    public string? TlsCertPath { get; init; }

    /// <summary>Whether <c>DOCKER_TLS_VERIFY</c> asked for verification (ca.pem is used whenever present).</summary>
    public bool TlsVerify { get; init; }

    [MemberNotNullWhen(true, nameof(SocketPath))]
    public bool IsUnixSocket => SocketPath is not null;

    public bool UsesTls => BaseAddress.Scheme == Uri.UriSchemeHttps;

    /// <summary>Resolves the endpoint from an explicit value and the environment.</summary>
    /// <param name="endpoint">An explicit endpoint, such as <c>--docker.endpoint</c>; overrides <c>DOCKER_HOST</c>.</param>
    /// <param name="tlsCertPath">An explicit certificate folder; overrides <c>DOCKER_CERT_PATH</c>.</param>
    /// <param name="tlsVerify">An explicit verification switch; overrides <c>DOCKER_TLS_VERIFY</c>.</param>
    /// <param name="environment">Reads an environment variable; <see cref="Environment.GetEnvironmentVariable(string)"/> by default.</param>
    /// <exception cref="FormatException">The endpoint is not a <c>unix://</c>, <c>tcp://</c>, <c>http://</c> or <c>https://</c> address.</exception>
    public static DockerEndpoint Resolve(
        string? endpoint = null,
        string? tlsCertPath = null,
        bool? tlsVerify = null,
        Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var host = NonEmpty(endpoint) ?? NonEmpty(environment("DOCKER_HOST")) ?? DefaultHost;

        if (host.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            var path = host["unix://".Length..];
            if (path.Length == 0 || path[0] != '/')
            {
                throw new FormatException($"'{host}' is not a valid Docker endpoint: a unix socket path must be absolute (unix:///var/run/docker.sock)");
            }

            return new DockerEndpoint { Display = host, SocketPath = path, BaseAddress = new Uri("http://docker.sock/") };
        }

        // The Docker CLI treats any non-empty DOCKER_TLS_VERIFY as "on".
        var verify = tlsVerify ?? NonEmpty(environment("DOCKER_TLS_VERIFY")) is not null;
        var certPathSetting = NonEmpty(tlsCertPath) ?? NonEmpty(environment("DOCKER_CERT_PATH"));
        var useTls = verify || certPathSetting is not null || host.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        var certPath = useTls ? certPathSetting ?? DefaultCertPath(environment) : null;

        string authority;
        if (host.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            authority = host["tcp://".Length..];
        }
        else if (host.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            authority = host["http://".Length..];
        }
        else if (host.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            authority = host["https://".Length..];
        }
        else
        {
            throw new FormatException($"'{host}' is not a supported Docker endpoint: use unix:///path/to/docker.sock or tcp://host:port");
        }

        authority = authority.TrimEnd('/');
        if (!authority.Contains(':', StringComparison.Ordinal))
        {
            // The Docker CLI's defaults: 2376 with TLS, 2375 without.
            authority += useTls ? ":2376" : ":2375";
        }

        var scheme = useTls ? "https" : "http";
        if (!Uri.TryCreate($"{scheme}://{authority}/", UriKind.Absolute, out var baseAddress) || baseAddress.AbsolutePath != "/")
        {
            throw new FormatException($"'{host}' is not a valid Docker endpoint: expected tcp://host:port");
        }

        return new DockerEndpoint
        {
            Display = host,
            BaseAddress = baseAddress,
            TlsCertPath = certPath,
            TlsVerify = verify,
        };
    }

    private static string DefaultCertPath(Func<string, string?> environment)
    {
        var home = NonEmpty(environment("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".docker");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
