// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Host.Docker.Labels;

namespace Sticky.Host.Docker.Discovery;

/// <summary>The network a service's backends are addressed on, or why there is none.</summary>
/// <param name="Network">The chosen network; <see langword="null"/> when <paramref name="Error"/> is set.</param>
/// <param name="Reason">How it was chosen.</param>
/// <param name="Error">Why the service cannot be reached; the service is skipped.</param>
/// <param name="Warning">A choice the operator should make explicit (several candidates).</param>
internal readonly record struct NetworkChoice(NetworkRef? Network, NetworkChoiceReason Reason, LabelError? Error = null, string? Warning = null);
