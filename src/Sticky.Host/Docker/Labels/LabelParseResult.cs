// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Labels;

/// <summary>The outcome of reading one service's labels.</summary>
/// <param name="Enabled">Whether the service takes part at all (enable labels and exposedByDefault).</param>
/// <param name="Labels">The parsed settings; <see langword="null"/> when disabled or when a label is bad.</param>
/// <param name="Errors">The bad labels; any error means the service is skipped.</param>
/// <param name="Warnings">Things worth telling the operator that do not stop the service.</param>
internal readonly record struct LabelParseResult(
    bool Enabled,
    ServiceLabels? Labels,
    IReadOnlyList<LabelError> Errors,
    IReadOnlyList<string> Warnings);
