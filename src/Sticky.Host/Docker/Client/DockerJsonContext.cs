// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text.Json.Serialization;
using Sticky.Host.Docker.Client.Models;

namespace Sticky.Host.Docker.Client;

/// <summary>
/// Source-generated (de)serialization of the Engine API models. Case-insensitive because the API mixes
/// <c>ID</c>, <c>Id</c> and lower-case names (<c>scope</c>, <c>time</c>) across endpoints.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DockerVersion))]
[JsonSerializable(typeof(DockerInfo))]
[JsonSerializable(typeof(List<SwarmService>))]
[JsonSerializable(typeof(List<SwarmTask>))]
[JsonSerializable(typeof(List<DockerNetwork>))]
[JsonSerializable(typeof(List<ContainerSummary>))]
[JsonSerializable(typeof(ContainerInspect))]
[JsonSerializable(typeof(DockerEvent))]
[JsonSerializable(typeof(DockerErrorResponse))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
