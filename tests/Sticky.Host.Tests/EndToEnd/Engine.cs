// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>
/// The local Docker Engine the end-to-end tests run against: whether it is usable, the images they need
/// (built once per test run by eng/docker/*.sh, which do nothing when the images are up to date), and
/// what the tests create on it, found by the <see cref="MarkerLabel"/> label.
/// </summary>
internal static class Engine
{
    /// <summary>Put on everything the tests create (as a container label on whoami services, whose service labels stay the tutorial's).</summary>
    public const string MarkerLabel = "org.sticky.e2e";

    public const string StickyImage = "sticky:local";
    public const string WhoamiImage = "sticky-test/busybox:latest";

    private static readonly Lazy<Task<string?>> s_ready = new(PrepareAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The images by ID. Services name their image by ID because a swarm agent tries to pull a tag from a
    /// registry for every task it starts (there is none here); an image ID is never pulled.
    /// </summary>
    public static string StickyImageId { get; private set; } = StickyImage;

    public static string WhoamiImageId { get; private set; } = WhoamiImage;

    /// <summary>The marker's value: the creation time, so a later run can tell a leftover from a concurrent run.</summary>
    public static string MarkerValue { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Ensures a swarm manager and both images, once per test run; skips the test (fails under CI=true)
    /// when there is no engine.
    /// </summary>
    public static async Task EnsureReadyAsync()
    {
        if (await s_ready.Value is { } problem)
        {
            Unavailable(problem);
        }
    }

    /// <summary>The folder of the self-contained publish build-image.sh made (the image's /app).</summary>
    public static string PublishDirectory() =>
        Path.Combine(Environment.GetEnvironmentVariable("STICKY_BUILD_DIR") is { Length: > 0 } dir ? dir : Path.Combine(Cli.RepositoryRoot(), "artifacts", "docker", "sticky-local"), "publish");

    public static string Script(string name) => Path.Combine(Cli.RepositoryRoot(), "eng", "docker", name);

    /// <summary>A TCP port nothing listens on now (host-mode publishing binds it on every address).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The tasks of a service that Docker wants running, with their container and state.</summary>
    public static async Task<IReadOnlyList<TaskInfo>> TasksAsync(string service)
    {
        var ids = await Cli.TryDockerAsync("service", "ps", "-q", "--no-trunc", "--filter", "desired-state=running", service);
        if (string.IsNullOrWhiteSpace(ids))
        {
            return [];
        }

        var lines = await Cli.DockerAsync(
            ["inspect", "--type", "task", "--format",
             TaskInfo.InspectFormat,
             .. ids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
        return [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(TaskInfo.Parse)];
    }

    /// <summary>
    /// Waits (bounded) until the engine runs no service or container these tests did not create; the
    /// daemon restart would kill them. Returns a description of what is still there, or null.
    /// </summary>
    public static async Task<string?> WaitForQuietEngineAsync(TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var services = await Cli.DockerAsync("service", "ls", "--format", "{{.Name}}");
            var containers = await Cli.DockerAsync("ps", "--format", "{{.Names}}");
            if (services.Length == 0 && containers.Length == 0)
            {
                return null;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                return $"services [{services.ReplaceLineEndings(", ")}], containers [{containers.ReplaceLineEndings(", ")}]";
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>
    /// Removes what a crashed earlier run left behind: services and stacks these tests create (by marker or
    /// name) and marked networks, older than any run lasts, so a concurrent run keeps its own. A leftover
    /// labelled service would otherwise join every later test's routing table.
    /// </summary>
    public static async Task RemoveLeftoversAsync()
    {
        var cutoff = DateTimeOffset.UtcNow.AddMinutes(-15).ToUnixTimeSeconds();
        var stacks = new HashSet<string>(StringComparer.Ordinal);
        var services = await Cli.TryDockerAsync("service", "ls", "-q") ?? string.Empty;
        foreach (var id in services.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var description = await Cli.TryDockerAsync(
                "service", "inspect", "--format",
                $"{{{{.Spec.Name}}}}|{{{{.CreatedAt.Unix}}}}|{{{{index .Spec.Labels \"com.docker.stack.namespace\"}}}}|"
                + $"{{{{index .Spec.Labels \"{MarkerLabel}\"}}}}{{{{index .Spec.TaskTemplate.ContainerSpec.Labels \"{MarkerLabel}\"}}}}",
                id);
            var parts = description?.Split('|');
            if (parts is not { Length: 4 } || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var created) || created >= cutoff)
            {
                continue;
            }

            if (parts[2].StartsWith("sticky-e2e-", StringComparison.Ordinal))
            {
                stacks.Add(parts[2]);
            }
            else if (parts[3].Length > 0 || parts[0].StartsWith("sticky-e2e-", StringComparison.Ordinal))
            {
                await Cli.TryDockerAsync("service", "rm", id);
            }
        }

        foreach (var stack in stacks)
        {
            await Cli.TryDockerAsync("stack", "rm", stack);
        }

        var networks = await Cli.TryDockerAsync("network", "ls", "-q", "--filter", $"label={MarkerLabel}") ?? string.Empty;
        foreach (var id in networks.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var marker = await Cli.TryDockerAsync("network", "inspect", "--format", $"{{{{index .Labels \"{MarkerLabel}\"}}}}", id);
            if (long.TryParse(marker, CultureInfo.InvariantCulture, out var created) && created < cutoff)
            {
                await Cli.TryDockerAsync("network", "rm", id);
            }
        }
    }

    /// <summary>Removes services, waits (bounded) until their containers are gone, then removes networks.</summary>
    public static async Task RemoveAsync(IEnumerable<string> services, IEnumerable<string> networks)
    {
        var serviceList = services.ToList();
        foreach (var service in serviceList)
        {
            await Cli.TryDockerAsync("service", "rm", service);
        }

        foreach (var service in serviceList)
        {
            for (var i = 0; i < 60 && await Cli.TryDockerAsync("ps", "-aq", "--filter", $"label=com.docker.swarm.service.name={service}") is { Length: > 0 }; i++)
            {
                await Task.Delay(500);
            }
        }

        foreach (var network in networks)
        {
            // Task endpoints leave the network a moment after their containers.
            for (var i = 0; i < 40 && await Cli.TryDockerAsync("network", "inspect", network) is not null; i++)
            {
                await Cli.TryDockerAsync("network", "rm", network);
                await Task.Delay(250);
            }
        }
    }

    public static void Unavailable(string reason)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason);
        }

        Assert.Ignore(reason);
    }

    private static async Task<string?> PrepareAsync()
    {
        var state = await Cli.TryDockerAsync("info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}");
        if (state is null)
        {
            return "no Docker engine reachable; run eng/docker/start-dockerd.sh";
        }

        if (state != "active true")
        {
            return $"the Docker engine is not a swarm manager (swarm state '{state}'); run eng/docker/start-dockerd.sh";
        }

        await RemoveLeftoversAsync();

        // Both scripts are idempotent: they return at once when the image is up to date.
        await Cli.RunAsync(Script("make-test-image.sh"), [WhoamiImage], TimeSpan.FromMinutes(3));
        await Cli.RunAsync(Script("build-image.sh"), [StickyImage], TimeSpan.FromMinutes(5));
        StickyImageId = await Cli.DockerAsync("image", "inspect", "--format", "{{.Id}}", StickyImage);
        WhoamiImageId = await Cli.DockerAsync("image", "inspect", "--format", "{{.Id}}", WhoamiImage);
        return null;
    }
}
