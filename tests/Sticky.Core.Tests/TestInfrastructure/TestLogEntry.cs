// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;

namespace Sticky.TestInfrastructure;

/// <summary>One entry recorded by <see cref="TestLogger{T}"/>.</summary>
public sealed record TestLogEntry(LogLevel Level, EventId EventId, string Message, Exception? Exception);
