// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Forwarding;

/// <summary>How a forwarded request ended.</summary>
internal enum ForwardOutcome
{
    /// <summary>The backend's response (or upgraded connection) was relayed completely.</summary>
    Success,

    /// <summary>No connection to the backend could be made (refused, unreachable, connect timeout). 502.</summary>
    ConnectFailed,

    /// <summary>The request failed (for example the connection was reset) before any response byte arrived. 502.</summary>
    RequestFailed,

    /// <summary>No response headers arrived within <see cref="ForwarderOptions.RequestTimeout"/>. 504.</summary>
    Timeout,

    /// <summary>The client went away (or sent a broken body); the upstream request was cancelled.</summary>
    ClientAborted,

    /// <summary>The backend failed while its response body was being relayed; the client connection was aborted.</summary>
    ResponseBodyFailed,

    /// <summary>The backend accepted an upgrade (101) but the upgraded connection could not be established or relayed.</summary>
    UpgradeFailed,
}
