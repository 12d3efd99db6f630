// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Forwarding;

/// <summary>How a body copy ended, so the forwarder can tell whose side failed.</summary>
internal enum StreamCopyStatus
{
    Success,
    InputError,
    OutputError,
    Canceled,
}
