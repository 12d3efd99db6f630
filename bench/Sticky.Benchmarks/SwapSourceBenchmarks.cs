// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sticky.Balancing;
using Sticky.Configuration;
using Sticky.Providers;
using Sticky.Proxy;

namespace Sticky.Benchmarks;

/// <summary>
/// A whole swap of a 10,000-backend sticky service whose weights all changed, from the rewritten file to the
/// routing snapshot: through the services file (<see cref="FileBackendProvider"/>), against the peer, the same
/// service in an appsettings.json read through .NET configuration (reload, <see cref="ConfigurationBackendProvider"/>).
/// Each invocation reads the other of two versions, so every swap changes every weight.
/// </summary>
[MemoryDiagnoser]
public class SwapSourceBenchmarks
{
    private const int BackendCount = 10_000;

    private string _directory = null!;
    private FileBackendProvider _file = null!;
    private ConfigurationBackendProvider _configuration = null!;
    private IConfigurationRoot _root = null!;
    private SnapshotBuilder _builder = null!;
    private RoutingSnapshot _fileSnapshot = null!;
    private RoutingSnapshot _configurationSnapshot = null!;
    private int _version;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("sticky-swap-bench-").FullName;
        for (var version = 1; version <= 2; version++)
        {
            var service = Service(version);
            File.WriteAllText(Path.Combine(_directory, $"services-{version}.json"), $"{{\"Services\":{{{service}}}}}");
            File.WriteAllText(Path.Combine(_directory, $"appsettings-{version}.json"), $"{{\"Sticky\":{{\"Services\":{{{service}}}}}}}");
        }

        File.Copy(Path.Combine(_directory, "services-1.json"), Path.Combine(_directory, "services.json"));
        File.Copy(Path.Combine(_directory, "appsettings-1.json"), Path.Combine(_directory, "appsettings.json"));
        _file = new FileBackendProvider(Path.Combine(_directory, "services.json"), NullLogger<FileBackendProvider>.Instance, TimeProvider.System);
        _root = new ConfigurationBuilder().SetBasePath(_directory).AddJsonFile("appsettings.json", optional: false, reloadOnChange: false).Build();
        _configuration = new ConfigurationBackendProvider(_root, Options.Create(new StickyOptions()), NullLogger<ConfigurationBackendProvider>.Instance, TimeProvider.System);
        _builder = new SnapshotBuilder([new WeightedRoundRobinPolicy()], [], TimeProvider.System, NullLogger.Instance);
        _fileSnapshot = _builder.Build([("file", _file.GetSnapshot())], RoutingSnapshot.Empty);
        _configurationSnapshot = _builder.Build([("configuration", _configuration.GetSnapshot())], RoutingSnapshot.Empty);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _file.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [IterationSetup(Target = nameof(ServicesFile))]
    public void NextFileVersion() => Rewrite("services");

    [IterationSetup(Target = nameof(AppSettings))]
    public void NextConfigurationVersion() => Rewrite("appsettings");

    [Benchmark]
    public long ServicesFile()
    {
        _fileSnapshot = _builder.Build([("file", _file.GetSnapshot())], _fileSnapshot);
        return _fileSnapshot.Generation;
    }

    [Benchmark(Baseline = true)]
    public long AppSettings()
    {
        _root.Reload();
        _configurationSnapshot = _builder.Build([("configuration", _configuration.GetSnapshot())], _configurationSnapshot);
        return _configurationSnapshot.Generation;
    }

    // The file's copy is not part of the swap: a writer does it.
    private void Rewrite(string name)
    {
        _version = _version % 2 + 1;
        File.Copy(Path.Combine(_directory, $"{name}-{_version}.json"), Path.Combine(_directory, $"{name}.json"), overwrite: true);
    }

    private static string Service(int weight)
    {
        var text = new StringBuilder("\"swap\":{\"Rule\":\"Host(`swap.invalid`)\",\"Sticky\":true,\"Backends\":[");
        for (var i = 0; i < BackendCount; i++)
        {
            text.Append(i == 0 ? string.Empty : ",")
                .Append(CultureInfo.InvariantCulture, $"{{\"Url\":\"http://10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}:8080\",\"Weight\":{weight}}}");
        }

        return text.Append("]}").ToString();
    }
}
