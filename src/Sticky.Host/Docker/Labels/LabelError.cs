// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Labels;

/// <summary>A label that made Sticky skip a service: which service, which label, its value and why.</summary>
/// <param name="Service">The Swarm service or container name.</param>
/// <param name="Label">The label key, for example <c>traefik.port</c>.</param>
/// <param name="Value">The label value as written (empty when the label is missing).</param>
/// <param name="Reason">What is wrong, in words an operator can act on.</param>
internal sealed record LabelError(string Service, string Label, string Value, string Reason)
{
    public override string ToString() => $"service '{Service}': label {Label}='{Value}': {Reason}";
}
