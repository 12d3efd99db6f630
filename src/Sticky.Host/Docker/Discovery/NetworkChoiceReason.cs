// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Discovery;

/// <summary>Why a network was chosen, in order of precedence.</summary>
internal enum NetworkChoiceReason
{
    /// <summary>No usable network; the service is skipped.</summary>
    None,

    /// <summary>Named by the service's network label.</summary>
    Label,

    /// <summary>The provider's configured default network.</summary>
    Configured,

    /// <summary>The only network the balancer's own container shares with the service.</summary>
    SharedWithBalancer,

    /// <summary>The only network the service is attached to.</summary>
    OnlyNetwork,

    /// <summary>Several candidates; the ordinal-first name was taken and a warning logged.</summary>
    FirstOfSeveral,
}
