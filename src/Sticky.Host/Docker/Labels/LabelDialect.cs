// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Labels;

/// <summary>The label vocabulary a service is described in.</summary>
internal enum LabelDialect
{
    /// <summary>No Sticky or Traefik labels at all.</summary>
    None,

    /// <summary><c>sticky.*</c>.</summary>
    Native,

    /// <summary>Traefik v1: <c>traefik.port</c>, <c>traefik.frontend.rule</c>, <c>traefik.backend.*</c>.</summary>
    TraefikV1,

    /// <summary>Traefik v2/v3: <c>traefik.http.routers.*</c>, <c>traefik.http.services.*</c>.</summary>
    TraefikV2,
}
