// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Sticky.Backends;
using Sticky.Configuration;

namespace Sticky.Providers;

/// <summary>
/// Services from a JSON file of their own (<see cref="StickyOptions.ServicesFile"/>), <c>{ "Services": { ... } }</c> with the keys of
/// <c>Sticky:Services</c>, watched for changes like Traefik's file provider. The file is parsed once and read
/// straight into service objects: large or often rewritten backend lists belong here rather than in
/// appsettings.json, which configuration flattens into a key per value and re-sorts on every reload.
/// </summary>
/// <remarks>
/// A file that cannot be read or parsed changes nothing: the services it last defined keep serving and the
/// error is logged and shown in the API. A service with an invalid definition keeps its last valid one.
/// </remarks>
internal sealed partial class FileBackendProvider : IBackendProvider, IDisposable
{
    /// <summary>Larger files are refused: 64 MB holds about a million backends.</summary>
    internal const long MaxFileBytes = 64L * 1024 * 1024;

    // Editors and cp write a file in more than one step; the first change event can see it half written.
    // Reading a moment after the event sees the whole file and turns a burst of events into one read.
    internal static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan s_missingDirectoryRetry = TimeSpan.FromSeconds(5);
    private static readonly JsonDocumentOptions s_jsonOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private readonly string? _path;
    private readonly string _fileName;
    private readonly ILogger<FileBackendProvider> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly BackendUrlValidator _urls = new();
    private readonly LastValidServices _lastValid = new();
    private PhysicalFileProvider? _watcher;
    private string? _lastUnusable;
    private bool _disposed;

    public FileBackendProvider(IOptions<StickyOptions> options, ILogger<FileBackendProvider> logger, TimeProvider timeProvider)
        : this(options?.Value.ServicesFile, logger, timeProvider)
    {
    }

    // Relative paths are resolved against the working directory; null or empty disables the provider.
    internal FileBackendProvider(string? path, ILogger<FileBackendProvider> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _path = string.IsNullOrWhiteSpace(path) ? null : System.IO.Path.GetFullPath(path);
        _fileName = _path is null ? string.Empty : System.IO.Path.GetFileName(_path);
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public string Name => "file";

    /// <summary>The absolute path of the file; null when no services file is configured.</summary>
    public string? Path => _path;

    public ProviderSnapshot GetSnapshot()
    {
        if (_path is null)
        {
            return new ProviderSnapshot { Services = [], ChangeToken = new CancellationChangeToken(CancellationToken.None) };
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // Watch before reading, so a write during the read fires the token and nothing is missed.
            var token = Watch(_path);
            var errors = new List<string>();
            var services = Read(_path, errors);
            return new ProviderSnapshot
            {
                Services = services,
                ChangeToken = token,
                UpdatedAt = _timeProvider.GetUtcNow(),
                Error = errors.Count == 0 ? null : string.Join(Environment.NewLine, errors),
            };
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _watcher?.Dispose();
        }
    }

    private List<ServiceConfig> Read(string path, List<string> errors)
    {
        JsonDocument document;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
            if (stream.Length > MaxFileBytes)
            {
                return KeepAll(errors, $"{path} is {stream.Length / (1024 * 1024)} MB; services files are limited to {MaxFileBytes / (1024 * 1024)} MB");
            }

            document = JsonDocument.Parse(stream, s_jsonOptions);
        }
        catch (FileNotFoundException)
        {
            return KeepAll(errors, $"{path} does not exist; it is read as soon as it is created");
        }
        catch (DirectoryNotFoundException)
        {
            return KeepAll(errors, $"the directory of {path} does not exist");
        }
        catch (JsonException ex)
        {
            // JsonException counts lines and bytes from 0.
            return KeepAll(errors, $"{path} is not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return KeepAll(errors, $"{path} cannot be read: {ex.Message}");
        }

        using (document)
        {
            var root = new JsonElementSection(document.RootElement);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return KeepAll(errors, $"{path} must hold a JSON object with a \"Services\" object, not {Describe(document.RootElement.ValueKind)}");
            }

            var servicesSection = (JsonElementSection)root.GetSection("Services");
            if (servicesSection.Kind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                var found = servicesSection.Kind == JsonValueKind.Undefined ? "has no \"Services\" key" : $"holds {Describe(servicesSection.Kind)} under \"Services\"";
                return KeepAll(errors, $"{path} {found}; it must hold an object of services by name, for example {{ \"Services\": {{ \"web\": {{ \"Backends\": [\"http://10.0.0.5:8000\"] }} }} }}");
            }

            _lastUnusable = null;
            foreach (var key in root.GetChildren())
            {
                if (!string.Equals(key.Key, "Services", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"{path}: the top-level key \"{key.Key}\" is not known and is ignored (expected \"Services\")");
                    Log.UnknownKey(_logger, path, key.Key);
                }
            }

            var (services, failed) = ConfigurationServiceReader.Read(servicesSection, root: null, _urls);
            var kept = _lastValid.Complete(services, failed.Keys);
            foreach (var (name, serviceErrors) in failed)
            {
                var message = string.Join(" ", serviceErrors);
                errors.Add($"{path}: {message}");
                if (kept.Contains(name))
                {
                    Log.KeepingLastGood(_logger, name, path, message);
                }
                else
                {
                    Log.InvalidService(_logger, name, path, message);
                }
            }

            return services;
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    // The whole file is unusable: every service it defined keeps its last valid version.
    private List<ServiceConfig> KeepAll(List<string> errors, string error)
    {
        errors.Add(error);

        // Logged once per distinct problem: the API shows it for as long as it lasts, and start-up reads twice.
        if (!string.Equals(error, _lastUnusable, StringComparison.Ordinal))
        {
            _lastUnusable = error;
            Log.FileUnusable(_logger, error, _lastValid.Count);
        }

        return _lastValid.ToList();
    }

    private CancellationChangeToken Watch(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(path)!;
        if (_watcher is null)
        {
            if (!Directory.Exists(directory))
            {
                // Nothing to watch yet: look again in a few seconds.
                return new CancellationChangeToken(new CancellationTokenSource(s_missingDirectoryRetry, _timeProvider).Token);
            }

            // PhysicalFileProvider polls instead of using inotify when DOTNET_USE_POLLING_FILE_WATCHER is set,
            // which bind mounts and network file systems need.
            // No exclusion filters: a file named .services.json is watched too.
            _watcher = new PhysicalFileProvider(directory, ExclusionFilters.None);
        }

        // The token returned fires a moment after the file changed (see SettleDelay).
        var changed = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        _watcher.Watch(_fileName).RegisterChangeCallback(static state => ((CancellationTokenSource)state!).CancelAfter(SettleDelay), changed);
        return new CancellationChangeToken(changed.Token);
    }

    private static partial class Log
    {
        [LoggerMessage(1011, LogLevel.Error, "Service {Service} in {File} is not loaded because its definition is invalid: {Errors}", EventName = "InvalidServiceInFile")]
        public static partial void InvalidService(ILogger logger, string service, string file, string errors);

        [LoggerMessage(1012, LogLevel.Error, "Service {Service} in {File} keeps its last valid definition because the new one is invalid: {Errors}", EventName = "KeepingLastGoodServiceInFile")]
        public static partial void KeepingLastGood(ILogger logger, string service, string file, string errors);

        [LoggerMessage(1013, LogLevel.Error, "The services file is not used: {Error}. Services it defined before keep serving: {Count}", EventName = "ServicesFileUnusable")]
        public static partial void FileUnusable(ILogger logger, string error, int count);

        [LoggerMessage(1014, LogLevel.Warning, "{File}: the top-level key {Key} is not known and is ignored (expected Services)", EventName = "UnknownServicesFileKey")]
        public static partial void UnknownKey(ILogger logger, string file, string key);
    }
}
