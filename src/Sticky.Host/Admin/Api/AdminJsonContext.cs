// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text.Json.Serialization;
using Sticky.Host.Admin.Changes;

namespace Sticky.Host.Admin.Api;

/// <summary>Source-generated serialization for the admin API: camelCase, no reflection at run time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = true)]
[JsonSerializable(typeof(OverviewModel))]
[JsonSerializable(typeof(IReadOnlyList<ServiceModel>))]
[JsonSerializable(typeof(ServiceModel))]
[JsonSerializable(typeof(IReadOnlyList<RouteModel>))]
[JsonSerializable(typeof(IReadOnlyList<ProviderModel>))]
[JsonSerializable(typeof(IReadOnlyList<RoutingChange>))]
[JsonSerializable(typeof(ErrorModel))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
