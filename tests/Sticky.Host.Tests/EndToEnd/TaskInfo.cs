// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>One Swarm task as <c>docker inspect</c> reports it.</summary>
/// <param name="Id">The task ID.</param>
/// <param name="Slot">The replica slot.</param>
/// <param name="State">The observed state (running, starting, failed...).</param>
/// <param name="ContainerId">The container ID, or empty before it exists.</param>
/// <param name="Since">When the task entered <paramref name="State"/>, by the daemon's clock (this machine's).</param>
/// <param name="Addresses">Its IP address on each network, by network name.</param>
internal sealed record TaskInfo(string Id, string Slot, string State, string ContainerId, DateTimeOffset Since, IReadOnlyDictionary<string, string> Addresses)
{
    /// <summary>
    /// The <c>docker inspect --type task</c> format <see cref="Parse"/> reads. Fields a task may lack (a
    /// global task has no slot, a pending one no container or addresses) are read with index, which
    /// yields nothing instead of failing.
    /// </summary>
    public const string InspectFormat =
        "{{.ID}}|{{index . \"Slot\"}}|{{.Status.State}}|{{with index .Status \"ContainerStatus\"}}{{index . \"ContainerID\"}}{{end}}|{{json .Status.Timestamp}}|"
        + "{{range index . \"NetworksAttachments\"}}{{.Network.Spec.Name}}={{range $i, $a := index . \"Addresses\"}}{{if $i}},{{end}}{{$a}}{{end}};{{end}}";

    /// <summary>A container's hostname is its ID's first 12 characters, which the whoami page names.</summary>
    public string Hostname => ContainerId.Length >= 12 ? ContainerId[..12] : ContainerId;

    public bool Running => State == "running";

    /// <summary>Parses <c>id|slot|state|container|"timestamp"|net=ip/len,...;net=...;</c>.</summary>
    public static TaskInfo Parse(string line)
    {
        var parts = line.Split('|');
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attachment in parts[5].Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (network, cidr) = (attachment.Split('=', 2)[0], attachment.Split('=', 2)[1]);
            if (cidr.Length > 0)
            {
                addresses[network] = cidr.Split(',')[0].Split('/')[0];
            }
        }

        var slot = parts[1] == "<no value>" ? string.Empty : parts[1];
        var container = parts[3] == "<no value>" ? string.Empty : parts[3];
        return new TaskInfo(parts[0], slot, parts[2], container, ParseTime(parts[4].Trim('"')), addresses);
    }

    public override string ToString() => $"{Id[..Math.Min(12, Id.Length)]} slot {Slot} {State} since {Since:HH:mm:ss.fff} host {Hostname}";

    private static DateTimeOffset ParseTime(string value)
    {
        // Docker writes nanoseconds; .NET parses at most 7 fractional digits.
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        var text = dot < 0 ? value : value[..Math.Min(value.Length - 1, dot + 8)].TrimEnd('.') + "Z";
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
