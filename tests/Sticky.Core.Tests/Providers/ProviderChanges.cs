// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Primitives;

namespace Sticky.Providers.Tests;

/// <summary>Waits for a provider that watches a file to report what a test wrote.</summary>
internal static class ProviderChanges
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    // A file watcher may report one write more than once, so a single change is not enough to go on: read
    // again after each change until the snapshot is the one the test waits for.
    public static async Task<ProviderSnapshot> NextSnapshotAsync(IBackendProvider provider, ProviderSnapshot current, Func<ProviderSnapshot, bool> done)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var snapshot = current;
        do
        {
            await WhenChanged(snapshot.ChangeToken).WaitAsync(timeout.Token);
            snapshot = provider.GetSnapshot();
        }
        while (!done(snapshot));

        return snapshot;
    }

    private static Task WhenChanged(IChangeToken token)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.RegisterChangeCallback(static state => ((TaskCompletionSource)state!).TrySetResult(), changed);
        return changed.Task;
    }
}
