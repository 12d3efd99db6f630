// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;

namespace Sticky.Host.Docker.Tests;

/// <summary>Runs the docker CLI (and the repository's eng/docker scripts) for integration tests.</summary>
internal static class DockerCli
{
    public static async Task<string> RunAsync(params string[] arguments) => await RunProcessAsync("docker", arguments);

    /// <summary>Runs a command, ignoring failure (for cleanup).</summary>
    public static async Task<bool> TryRunAsync(params string[] arguments)
    {
        try
        {
            await RunAsync(arguments);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static async Task<string> RunProcessAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {fileName}");
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{fileName} {string.Join(' ', start.ArgumentList)} timed out");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await stderr}");
        }

        return (await stdout).Trim();
    }

    /// <summary>The repository root (the folder holding Sticky.sln), or null.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sticky.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
