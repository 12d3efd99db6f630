// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sticky.TestInfrastructure;

/// <summary>
/// An <see cref="ILogger{T}"/> that records entries, for asserting what a component logs (level, event, text).
/// Thread-safe; scopes are ignored.
/// </summary>
public sealed class TestLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<TestLogEntry> _entries = new();

    /// <summary>The entries logged so far, oldest first.</summary>
    public IReadOnlyList<TestLogEntry> Entries => [.. _entries];

    /// <inheritdoc/>
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc/>
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc/>
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _entries.Enqueue(new TestLogEntry(logLevel, eventId, formatter(state, exception), exception));
    }
}
