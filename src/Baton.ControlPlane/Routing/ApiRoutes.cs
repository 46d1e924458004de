using Baton.ControlPlane.Routes;

namespace Baton.ControlPlane.Routing;

/// <summary>Every route of the API, once: what <c>baton serve</c> maps and the function app declares a function for.</summary>
/// <remarks>A test holds the function app to this table (every route the function app serves has a function with the
/// same name, template, method and key level in the generated <c>functions.metadata</c>), and the OpenAPI document is
/// made from it, so no route exists in one host and not the other unless the table says so (<see cref="ApiRoute.Hosts"/>).</remarks>
public static class ApiRoutes
{
    /// <summary>The routes, in the order they are listed in the OpenAPI document's sources.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        .. InstanceRoutes.All,
        .. MigrationRoutes.All,
        .. WatchRoutes.All,
        .. AuditRoutes.All,
        .. StreamRoutes.All,
        .. DefinitionRoutes.All,
        .. ShipyardRoutes.All,
        .. TaskRoutes.All,
        .. TaskEventRoutes.All,
        .. HealthRoutes.All,
        .. UiRoutes.All,
        .. ObservabilityRoutes.All(() => All!),
        .. DurableRoutes.All,
        .. KeyRoutes.All,
    ];

    /// <summary>The route of that name.</summary>
    /// <exception cref="KeyNotFoundException">No route has that name.</exception>
    public static ApiRoute Named(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No route is named '{name}'.");

    /// <summary>The routes a host serves.</summary>
    public static IEnumerable<ApiRoute> For(ApiHosts host) => All.Where(r => r.Hosts.HasFlag(host));
}
