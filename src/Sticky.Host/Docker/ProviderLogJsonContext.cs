// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text.Json.Serialization;
using Sticky.Backends;

namespace Sticky.Host.Docker;

/// <summary>Serializes the services of a listing for the "Configuration received" debug line.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(IReadOnlyList<ServiceConfig>))]
internal sealed partial class ProviderLogJsonContext : JsonSerializerContext;
