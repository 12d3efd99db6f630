// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>
/// Sticky.Host as a process on this machine (the self-contained publish that is also the image's /app),
/// its console log captured line by line.
/// </summary>
internal sealed class StickyProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    private StickyProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public int LineCount
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    public static StickyProcess Start(string executable, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(executable)!,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The console logger writes colour codes only to a terminal; say so anyway, lines are matched as text.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var sticky = new StickyProcess(process);
        process.OutputDataReceived += (_, e) => sticky.Add(e.Data);
        process.ErrorDataReceived += (_, e) => sticky.Add(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"cannot start {executable}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sticky;
    }

    public IReadOnlyList<string> Lines(int from = 0)
    {
        lock (_gate)
        {
            return _lines.Skip(from).ToList();
        }
    }

    /// <summary>Waits (bounded) for a log line at or after index <paramref name="from"/> matching the pattern.</summary>
    public async Task<(string Line, int Index, DateTimeOffset SeenAt)?> WaitForLineAsync(Regex pattern, int from, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var lines = Lines(from);
            for (var i = 0; i < lines.Count; i++)
            {
                if (pattern.IsMatch(lines[i]))
                {
                    return (lines[i], from + i, DateTimeOffset.UtcNow);
                }
            }

            if (clock.Elapsed > timeout || HasExited)
            {
                return null;
            }

            await Task.Delay(50);
        }
    }

    public string Tail(int count = 60)
    {
        lock (_gate)
        {
            return string.Join(Environment.NewLine, _lines.Skip(Math.Max(0, _lines.Count - count)).Select(static l => "  " + (l.Length > 400 ? l[..400] + "..." : l)));
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Add(line);
        }
    }
}
