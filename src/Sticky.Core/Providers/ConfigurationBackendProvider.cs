// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Sticky.Configuration;
using Sticky.Backends;

namespace Sticky.Providers;

/// <summary>
/// Services from <c>IConfiguration</c> (appsettings.json, <c>STICKY__…</c> environment variables, the
/// command line), section <c>Sticky:Services</c>. Reloads when the configuration does.
/// </summary>
internal sealed partial class ConfigurationBackendProvider : IBackendProvider
{
    internal const string ServicesSectionPath = "Sticky:Services";

    private readonly IConfiguration _configuration;
    private readonly ILogger<ConfigurationBackendProvider> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly bool _enabled;
    private readonly LastValidServices _lastValid = new();
    private readonly BackendUrlValidator _urls = new();

    public ConfigurationBackendProvider(IConfiguration configuration, IOptions<StickyOptions> options, ILogger<ConfigurationBackendProvider> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _enabled = options.Value.UseConfigurationProvider;
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _configuration = configuration;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public string Name => "configuration";

    public ProviderSnapshot GetSnapshot()
    {
        if (!_enabled)
        {
            return new ProviderSnapshot { Services = [], ChangeToken = new CancellationChangeToken(CancellationToken.None) };
        }

        // Take the token before reading, so a change during the read fires it and nothing is missed.
        var token = _configuration.GetReloadToken();
        var errors = new List<string>();
        List<ServiceConfig> services;
        lock (_lastValid)
        {
            (services, var failed) = ConfigurationServiceReader.Read(_configuration.GetSection(ServicesSectionPath), _configuration, _urls);
            var kept = _lastValid.Complete(services, failed.Keys);
            foreach (var (name, serviceErrors) in failed)
            {
                errors.AddRange(serviceErrors);
                if (kept.Contains(name))
                {
                    Log.KeepingLastGood(_logger, name, string.Join(" ", serviceErrors));
                }
                else
                {
                    Log.InvalidService(_logger, name, string.Join(" ", serviceErrors));
                }
            }
        }

        return new ProviderSnapshot
        {
            Services = services,
            ChangeToken = token,
            UpdatedAt = _timeProvider.GetUtcNow(),
            Error = errors.Count == 0 ? null : string.Join(Environment.NewLine, errors),
        };
    }

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Error, "Service {Service} is not loaded because its configuration is invalid: {Errors}", EventName = "InvalidServiceConfiguration")]
        public static partial void InvalidService(ILogger logger, string service, string errors);

        [LoggerMessage(1002, LogLevel.Error, "Service {Service} keeps its last valid configuration because the new one is invalid: {Errors}", EventName = "KeepingLastGoodServiceConfiguration")]
        public static partial void KeepingLastGood(ILogger logger, string service, string errors);
    }
}
