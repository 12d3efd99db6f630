// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Health;

/// <summary>How an active probe ended.</summary>
internal enum ProbeOutcome
{
    /// <summary>The backend answered with the expected status.</summary>
    Healthy,

    /// <summary>The backend answered with another status.</summary>
    UnexpectedStatus,

    /// <summary>No response within the probe timeout (or the connect timeout).</summary>
    Timeout,

    /// <summary>Nothing listens at the probed address.</summary>
    ConnectionRefused,

    /// <summary>Any other transport failure: reset, unreachable, TLS.</summary>
    Error,
}
