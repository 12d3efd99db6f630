// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>Runs the docker CLI and the repository's eng/docker scripts, each bounded in time.</summary>
internal static class Cli
{
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(60);

    public static Task<string> DockerAsync(params string[] arguments) => RunAsync("docker", arguments);

    /// <summary>Runs docker and returns null instead of throwing when it fails (cleanup, probing).</summary>
    public static async Task<string?> TryDockerAsync(params string[] arguments)
    {
        try
        {
            return await RunAsync("docker", arguments, TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var limit = timeout ?? s_defaultTimeout;
        var command = $"{fileName} {string.Join(' ', start.ArgumentList)}";
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            // Not installed: the callers treat it like any failed command (a missing engine skips the tests).
            throw new InvalidOperationException($"cannot start {command}: {ex.Message}", ex);
        }

        using var process = started ?? throw new InvalidOperationException($"cannot start {command}");
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(limit);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{command} did not finish within {limit}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} failed ({process.ExitCode}): {(await stderr).Trim()} {(await stdout).Trim()}");
        }

        return (await stdout).Trim();
    }

    /// <summary>
    /// The repository root (the folder holding Sticky.sln): STICKY_REPO_ROOT, else found above the test
    /// folder, the working directory or this source file (tests built with --artifacts-path live elsewhere).
    /// </summary>
    public static string RepositoryRoot()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("STICKY_REPO_ROOT"),
            TestContext.CurrentContext.TestDirectory,
            Environment.CurrentDirectory,
            Path.GetDirectoryName(SourcePath()),
        };
        foreach (var candidate in candidates)
        {
            if (string.IsNullOrEmpty(candidate) || !Directory.Exists(candidate))
            {
                continue;
            }

            for (var dir = new DirectoryInfo(candidate); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Sticky.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Sticky.sln); set STICKY_REPO_ROOT");
    }

    private static string SourcePath([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
