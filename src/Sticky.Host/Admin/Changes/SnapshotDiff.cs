// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;
using Sticky.Proxy;

namespace Sticky.Host.Admin.Changes;

/// <summary>Compares two routing snapshots service by service and backend by backend (by id).</summary>
internal static class SnapshotDiff
{
    /// <summary>Lists what <paramref name="next"/> changed against <paramref name="previous"/>; empty when nothing did.</summary>
    public static List<RoutingChangeItem> Compare(RoutingSnapshot previous, RoutingSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        var items = new List<RoutingChangeItem>();
        foreach (var service in Ordered(next.Services.Values))
        {
            if (!previous.Services.TryGetValue(service.Name, out var old))
            {
                items.Add(new(RoutingChangeKinds.ServiceAdded, service.Name, null, Describe(service)));
                foreach (var backend in service.Backends)
                {
                    items.Add(new(RoutingChangeKinds.BackendAdded, service.Name, backend.Id, Describe(backend)));
                }

                continue;
            }

            var serviceChanges = CompareService(old, service);
            if (serviceChanges.Length > 0)
            {
                items.Add(new(RoutingChangeKinds.ServiceChanged, service.Name, null, serviceChanges));
            }

            CompareBackends(items, service.Name, old.Backends, service.Backends);
        }

        foreach (var service in Ordered(previous.Services.Values))
        {
            if (!next.Services.ContainsKey(service.Name))
            {
                items.Add(new(RoutingChangeKinds.ServiceRemoved, service.Name, null, $"{Plural(service.Backends.Length, "backend")} removed with it"));
            }
        }

        return items;
    }

    private static void CompareBackends(List<RoutingChangeItem> items, string service, Backend[] before, Backend[] after)
    {
        var old = new Dictionary<string, Backend>(before.Length, StringComparer.Ordinal);
        foreach (var backend in before)
        {
            old[backend.Id] = backend;
        }

        foreach (var backend in after)
        {
            if (!old.Remove(backend.Id, out var previous))
            {
                items.Add(new(RoutingChangeKinds.BackendAdded, service, backend.Id, Describe(backend)));
                continue;
            }

            // A rebuild reuses the Backend object of an unchanged backend; a swap of 10,000 then compares nothing.
            if (ReferenceEquals(previous, backend))
            {
                continue;
            }

            List<string>? changes = null;
            if (previous.Weight != backend.Weight)
            {
                (changes ??= new(3)).Add($"weight {previous.Weight} → {backend.Weight}");
            }

            if (previous.IsDraining != backend.IsDraining)
            {
                (changes ??= new(3)).Add(backend.IsDraining ? "draining" : "no longer draining");
            }

            if (!string.Equals(previous.Name, backend.Name, StringComparison.Ordinal))
            {
                (changes ??= new(3)).Add($"name {previous.Name} → {backend.Name}");
            }

            if (changes is not null)
            {
                items.Add(new(RoutingChangeKinds.BackendChanged, service, backend.Id, string.Join(", ", changes)));
            }
        }

        foreach (var backend in before)
        {
            if (old.ContainsKey(backend.Id))
            {
                items.Add(new(RoutingChangeKinds.BackendRemoved, service, backend.Id, backend.Name == backend.Id ? string.Empty : backend.Name));
            }
        }
    }

    private static string CompareService(ServiceRuntime before, ServiceRuntime after)
    {
        var changes = new List<string>(4);
        if (!string.Equals(before.Config.Rule, after.Config.Rule, StringComparison.Ordinal))
        {
            changes.Add($"rule {Text(before.Config.Rule)} → {Text(after.Config.Rule)}");
        }

        if (before.Config.Priority != after.Config.Priority)
        {
            changes.Add($"priority {before.Config.Priority} → {after.Config.Priority}");
        }

        if (!string.Equals(before.PolicyName, after.PolicyName, StringComparison.Ordinal))
        {
            changes.Add($"policy {before.PolicyName} → {after.PolicyName}");
        }

        var cookieBefore = before.Affinity?.CookieName;
        var cookieAfter = after.Affinity?.CookieName;
        if (!string.Equals(cookieBefore, cookieAfter, StringComparison.Ordinal))
        {
            changes.Add(cookieAfter is null ? "sticky sessions off" : cookieBefore is null ? $"sticky sessions on (cookie {cookieAfter})" : $"cookie {cookieBefore} → {cookieAfter}");
        }
        else if (before.Config.Affinity != after.Config.Affinity)
        {
            changes.Add("cookie attributes changed");
        }

        if (before.Config.HealthCheck != after.Config.HealthCheck)
        {
            changes.Add(after.Config.HealthCheck is null ? "health check off" : $"health check {after.Config.HealthCheck.Path}");
        }

        return string.Join(", ", changes);
    }

    private static string Describe(ServiceRuntime service)
    {
        var sticky = service.Affinity is null ? "not sticky" : $"cookie {service.Affinity.CookieName}";
        return $"rule {Text(service.Config.Rule)}, {sticky}";
    }

    private static string Describe(Backend backend)
    {
        var detail = $"weight {backend.Weight}";
        detail = backend.IsDraining ? detail + ", draining" : detail;
        return backend.Name == backend.Id ? detail : $"{backend.Name}, {detail}";
    }

    private static string Text(string? rule) => string.IsNullOrWhiteSpace(rule) ? "(all requests)" : rule;

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static IEnumerable<ServiceRuntime> Ordered(IEnumerable<ServiceRuntime> services) =>
        services.OrderBy(static service => service.Name, StringComparer.Ordinal);
}
