// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;

namespace Sticky.Host.Docker.Client;

/// <summary>Chooses the Engine API version to speak: the daemon's, capped at the newest this client knows.</summary>
internal static class DockerApiVersion
{
    /// <summary>The newest API version whose models this client was written against (Docker Engine 27).</summary>
    public static readonly Version Newest = new(1, 47);

    /// <summary>The oldest version with swarm mode and JSON filters (Docker Engine 1.12).</summary>
    public static readonly Version Oldest = new(1, 24);

    /// <summary>Returns <c>min(daemon, <see cref="Newest"/>)</c>, or an error when the daemon is older than <see cref="Oldest"/>.</summary>
    public static bool TryNegotiate(string? daemonApiVersion, out Version version, out string error)
    {
        if (!Version.TryParse(daemonApiVersion, out var daemon))
        {
            version = Oldest;
            error = string.Create(CultureInfo.InvariantCulture, $"the daemon reported an unreadable API version '{daemonApiVersion}'");
            return false;
        }

        if (daemon < Oldest)
        {
            version = daemon;
            error = string.Create(CultureInfo.InvariantCulture, $"the daemon speaks API {daemon}, older than the {Oldest} Sticky needs (Docker 1.12)");
            return false;
        }

        version = daemon < Newest ? daemon : Newest;
        error = string.Empty;
        return true;
    }
}
