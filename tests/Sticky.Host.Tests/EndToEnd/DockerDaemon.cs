// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;
using System.Globalization;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>
/// Stops and starts the local dockerd. It is stopped through its pid file (the one eng/docker/start-dockerd.sh
/// started, checked to be dockerd) and started again by that script, which retries the occasional
/// "timeout waiting for containerd", removes a stale pid file and uses setsid.
/// </summary>
internal static class DockerDaemon
{
    private const string PidFile = "/var/run/docker.pid";

    /// <summary>Whether this machine's dockerd can be restarted by the tests (root, a pid file naming dockerd, no systemd unit).</summary>
    public static string? CannotRestartReason()
    {
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            return "restarting dockerd needs root";
        }

        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host && host != "unix:///var/run/docker.sock")
        {
            return $"DOCKER_HOST is {host}; only the local dockerd on /var/run/docker.sock is restarted";
        }

        if (Directory.Exists("/run/systemd/system"))
        {
            return "dockerd is managed by systemd here; these tests only restart a dockerd started by eng/docker/start-dockerd.sh";
        }

        return DaemonPid() is null ? $"{PidFile} names no running dockerd" : null;
    }

    /// <summary>Sends SIGTERM to dockerd and waits (bounded) until it is gone; it stops every container first.</summary>
    public static async Task StopAsync(TimeSpan timeout)
    {
        var pid = DaemonPid() ?? throw new InvalidOperationException($"{PidFile} names no running dockerd");
        using var daemon = Process.GetProcessById(pid);
        await Cli.RunAsync("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await daemon.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"dockerd (pid {pid}) did not stop within {timeout}");
        }
    }

    /// <summary>Starts dockerd (idempotent) and waits (bounded) until it is a swarm manager again.</summary>
    public static async Task StartAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        await Cli.RunAsync(Engine.Script("start-dockerd.sh"), [], timeout);
        while (await Cli.TryDockerAsync("info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}") != "active true")
        {
            if (clock.Elapsed > timeout)
            {
                throw new InvalidOperationException($"dockerd is up but not a swarm manager after {timeout}");
            }

            await Task.Delay(500);
        }
    }

    public static bool IsUp() => DaemonPid() is not null;

    private static int? DaemonPid()
    {
        try
        {
            var pid = int.Parse(File.ReadAllText(PidFile).Trim(), CultureInfo.InvariantCulture);
            var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
            return comm == "dockerd" ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
