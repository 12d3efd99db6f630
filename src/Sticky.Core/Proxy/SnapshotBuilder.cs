// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Frozen;
using System.Runtime.CompilerServices;
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
            var previousAffinity = previous.Services.GetValueOrDefault(config.Name)?.Affinity;
            try
            {
                affinity = AffinityTable.Create(config.Name, affinityConfig, backends, _secret, _acceptTraefikCookies, previousAffinity);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Backend[] BuildBackends(ServiceConfig config, RoutingSnapshot previous, List<string> errors)
    {
        // The previous backends by their URL as configured. A backend whose URL text did not change keeps its
        // parsed URL, identity and state without parsing again, and its Backend object too when nothing else
        // changed: parsing and normalizing 10,000 URLs (two Uri objects each) was most of a large swap's cost.
        previous.Services.TryGetValue(config.Name, out var previousService);
        var previousBackends = previousService?.Backends ?? [];
        var previousByUrl = new Dictionary<string, Backend>(previousBackends.Length, StringComparer.Ordinal);
        foreach (var old in previousBackends)
        {
            previousByUrl.TryAdd(old.Config.Url, old);
        }

        Dictionary<string, BackendState>? previousStates = null;
        var backends = new Backend[config.Backends.Count];
        var count = 0;
        var seen = new HashSet<string>(backends.Length, StringComparer.Ordinal);
        foreach (var backendConfig in config.Backends)
        {
            Uri url;
            string id;
            BackendState? state;
            if (backendConfig.Url is not null && previousByUrl.TryGetValue(backendConfig.Url, out var same))
            {
                (url, id, state) = (same.Url, same.Id, same.State);
            }
            else
            {
                same = null;
                if (!BackendUrl.TryNormalize(backendConfig.Url, out var parsed, out id, out var urlError))
                {
                    Error(errors, config.Name, $"backend skipped: {urlError}");
                    continue;
                }

                // The URL is written differently but may still name a server that was there (http://A:80 and
                // http://a): health and counters survive the swap when the identity is the same.
                url = parsed;
                previousStates ??= StatesById(previousBackends);
                state = previousStates.GetValueOrDefault(id);
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

            state ??= new BackendState();
            var drainExpired = DrainExpired(backendConfig, state);
            backends[count] = same is not null && same.Index == count && same.DrainExpired == drainExpired && same.Config.Equals(backendConfig)
                ? same
                : new Backend(config.Name, count, backendConfig, url, id, state, drainExpired);
            count++;
        }

        return count == backends.Length ? backends : backends[..count];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Dictionary<string, BackendState> StatesById(Backend[] backends)
    {
        var states = new Dictionary<string, BackendState>(backends.Length, StringComparer.Ordinal);
        foreach (var backend in backends)
        {
            states.TryAdd(backend.Id, backend.State);
        }

        return states;
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
