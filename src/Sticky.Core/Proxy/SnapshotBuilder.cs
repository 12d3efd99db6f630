// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Balancing;
using Sticky.Providers;
using Sticky.Routing;

namespace Sticky.Proxy;

/// <summary>
/// Turns what the providers report into a <see cref="RoutingSnapshot"/>. Invalid input never takes a
/// working service down: a service that fails validation keeps its previous version if it had one,
/// and is skipped (with an error naming it) if it did not.
/// </summary>
internal sealed partial class SnapshotBuilder
{
    private readonly FrozenDictionary<string, ILoadBalancingPolicy> _policies;
    private readonly byte[] _secret;
    private readonly bool _acceptTraefikCookies;
    private readonly TimeSpan _drainTimeout;
    private DateTimeOffset? _nextDrainExpiry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public SnapshotBuilder(
        IEnumerable<ILoadBalancingPolicy> policies,
        byte[] secret,
        TimeProvider timeProvider,
        ILogger logger,
        bool? acceptTraefikCookies = null,
        TimeSpan? drainTimeout = null)
    {
        _drainTimeout = drainTimeout ?? TimeSpan.FromSeconds(30);
        _acceptTraefikCookies = acceptTraefikCookies ?? secret.Length == 0;
        _policies = policies.ToFrozenDictionary(static p => p.Name, StringComparer.OrdinalIgnoreCase);
        _secret = secret;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public RoutingSnapshot Build(IReadOnlyList<(string Provider, ProviderSnapshot Snapshot)> inputs, RoutingSnapshot previous)
    {
        var errors = new List<string>();
        _nextDrainExpiry = null;
        var services = new Dictionary<string, ServiceRuntime>(StringComparer.Ordinal);
        var routes = new List<RouteEntry<ServiceRuntime>>();
        foreach (var (provider, snapshot) in inputs)
        {
            Log.ConfigurationReceived(_logger, provider, snapshot.Services.Count);
            if (snapshot.Error is { } providerError)
            {
                errors.Add($"provider {provider}: {providerError}");
            }

            foreach (var config in snapshot.Services)
            {
                if (string.IsNullOrWhiteSpace(config?.Name))
                {
                    errors.Add($"provider {provider}: a service has no name and is skipped");
                    Log.InvalidService(_logger, "(unnamed)", $"a service of provider {provider} has no name and is skipped");
                    continue;
                }

                if (services.TryGetValue(config.Name, out var existing))
                {
                    var origin = existing.ProviderName == provider ? $"twice by provider {provider}" : $"by providers {existing.ProviderName} and {provider}";
                    Error(errors, config.Name, $"is defined {origin}; the first definition is used");
                    continue;
                }

                var built = TryBuildService(config, provider, previous, errors, out var matcher);
                if (built is null)
                {
                    // Keep the last valid version rather than dropping a service that was serving.
                    if (previous.Services.TryGetValue(config.Name, out var last) && TryBuildService(last.Config, last.ProviderName, previous, errors, out matcher) is { } kept)
                    {
                        Log.KeepingPreviousService(_logger, config.Name);
                        built = kept;
                    }
                    else
                    {
                        continue;
                    }
                }

                services.Add(config.Name, built);
                routes.Add(new RouteEntry<ServiceRuntime>(built.Config.Rule, matcher!, RulePriority.Compute(built.Config.Rule, built.Config.Priority), built));
                Log.CreatingRoute(_logger, string.IsNullOrWhiteSpace(built.Config.Rule) ? "(all requests)" : built.Config.Rule, built.Name);
            }
        }

        return new RoutingSnapshot(previous.Generation + 1, _timeProvider.GetUtcNow(), services.ToFrozenDictionary(StringComparer.Ordinal), RouteTable<ServiceRuntime>.Build(routes), errors)
        {
            NextDrainExpiry = _nextDrainExpiry,
        };
    }

    private ServiceRuntime? TryBuildService(ServiceConfig config, string provider, RoutingSnapshot previous, List<string> errors, out RouteMatcher? matcher)
    {
        matcher = null;
        try
        {
            matcher = string.IsNullOrWhiteSpace(config.Rule) ? RouteMatcher.MatchAll : RuleParser.Parse(config.Rule);
        }
        catch (RuleParseException ex)
        {
            Error(errors, config.Name, ex.Message);
            return null;
        }

        var policyName = string.IsNullOrWhiteSpace(config.LoadBalancingPolicy) ? LoadBalancingPolicies.WeightedRoundRobin : config.LoadBalancingPolicy;
        if (!_policies.TryGetValue(policyName, out var policy))
        {
            Error(errors, config.Name, $"load-balancing policy '{policyName}' is unknown (known: {string.Join(", ", _policies.Keys)})");
            return null;
        }

        var backends = BuildBackends(config, previous, errors);
        Log.CreatingService(_logger, config.Name, policy.Name, backends.Length);
        AffinityTable? affinity = null;
        if (config.Affinity is { } affinityConfig)
        {
            try
            {
                affinity = AffinityTable.Create(config.Name, affinityConfig, backends, _secret, _acceptTraefikCookies);
            }
            catch (ArgumentException ex)
            {
                Error(errors, config.Name, ex.Message);
                return null;
            }

            Log.StickySession(_logger, config.Name, affinity.CookieName);
        }

        foreach (var backend in backends)
        {
            Log.CreatingServer(_logger, backend.Name, backend.Id, backend.Weight, backend.IsDraining);
        }

        return new ServiceRuntime(config, provider, backends, policy.CreateSelector(backends), policy.Name, affinity);
    }

    private Backend[] BuildBackends(ServiceConfig config, RoutingSnapshot previous, List<string> errors)
    {
        previous.Services.TryGetValue(config.Name, out var previousService);
        var previousStates = new Dictionary<string, BackendState>(previousService?.Backends.Length ?? 0, StringComparer.Ordinal);
        foreach (var old in previousService?.Backends ?? [])
        {
            previousStates.TryAdd(old.Id, old.State);
        }

        var backends = new List<Backend>(config.Backends.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var backendConfig in config.Backends)
        {
            if (!BackendUrl.TryNormalize(backendConfig.Url, out var url, out var id, out var urlError))
            {
                Error(errors, config.Name, $"backend skipped: {urlError}");
                continue;
            }

            if (backendConfig.Weight < 0)
            {
                Error(errors, config.Name, $"backend {id} skipped: weight {backendConfig.Weight} is negative");
                continue;
            }

            if (!seen.Add(id))
            {
                Error(errors, config.Name, $"backend {id} is listed twice; the first entry is used");
                continue;
            }

            // Health and counters survive the swap when the same backend is still there.
            var state = previousStates.GetValueOrDefault(id) ?? new BackendState();
            backends.Add(new Backend(config.Name, backends.Count, backendConfig, url, id, state, DrainExpired(backendConfig, state)));
        }

        return [.. backends];
    }

    // A draining backend keeps its pinned clients for the drain timeout, counted from when draining began;
    // the earliest future expiry is remembered so the routing state rebuilds exactly then.
    private bool DrainExpired(BackendConfig config, BackendState state)
    {
        if (!config.Draining && !state.DrainRequested)
        {
            state.ClearDraining();
            return false;
        }

        var now = _timeProvider.GetUtcNow();
        var expiry = state.MarkDraining(now) + _drainTimeout;
        if (expiry <= now)
        {
            return true;
        }

        if (_nextDrainExpiry is null || expiry < _nextDrainExpiry)
        {
            _nextDrainExpiry = expiry;
        }

        return false;
    }

    private void Error(List<string> errors, string service, string message)
    {
        errors.Add($"service {service}: {message}");
        Log.InvalidService(_logger, service, message);
    }
}
