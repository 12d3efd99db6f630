// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host;

/// <summary>Bad flags or settings, reported all at once before anything starts.</summary>
internal sealed class HostConfigurationException(IReadOnlyList<string> errors)
    : Exception("Invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
