// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Sticky.Host.Configuration;

/// <summary>
/// Wraps the content root's file provider so that change callbacks run on a thread of their own. The JSON
/// configuration source reloads inside such a callback: it sleeps its reload delay (250 ms) and then parses the
/// whole file, and the file watcher fires callbacks on the thread pool. In a one-CPU container the pool starts
/// with one worker, so every request waited behind that sleep and parse: rewriting an appsettings.json of
/// 10,000 backends under load gave a p99 of 700 ms.
/// </summary>
internal sealed class OffPoolReloadFileProvider(IFileProvider inner) : IFileProvider
{
    public IFileInfo GetFileInfo(string subpath) => inner.GetFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath) => inner.GetDirectoryContents(subpath);

    public IChangeToken Watch(string filter) => new OffPoolChangeToken(inner.Watch(filter));

    private sealed class OffPoolChangeToken(IChangeToken inner) : IChangeToken
    {
        public bool HasChanged => inner.HasChanged;

        public bool ActiveChangeCallbacks => inner.ActiveChangeCallbacks;

        public IDisposable RegisterChangeCallback(Action<object?> callback, object? state) =>
            inner.RegisterChangeCallback(static registration => ((Registration)registration!).Start(), new Registration(callback, state));
    }

    private sealed record Registration(Action<object?> Callback, object? State)
    {
        public void Start() => new Thread(static registration => ((Registration)registration!).Run(), maxStackSize: 0)
        {
            IsBackground = true,
            Name = "Sticky configuration reload",
        }.Start(this);

        private void Run() => Callback(State);
    }
}
