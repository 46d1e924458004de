using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.ControlPlane.Routing;

/// <summary>One request to a route: its HTTP context, the operations over the host's backend, and the host serving it.</summary>
/// <remarks>Both hosts build one per request and hand it to the route's handler: <c>baton serve</c> from Kestrel's
/// endpoint routing, the function app from the function the Functions host invoked. Route values come from the
/// request's route data, which both fill from the same template.</remarks>
public sealed class ApiCall(HttpContext http, Operations operations, IApiHost host)
{
    /// <summary>The request's HTTP context.</summary>
    public HttpContext Http => http;

    /// <summary>The request.</summary>
    public HttpRequest Request => http.Request;

    /// <summary>The operations over the backend this request runs on.</summary>
    public Operations Operations => operations;

    /// <summary>The host serving the request (<c>baton serve</c> or the function app).</summary>
    public IApiHost Host => host;

    /// <summary>Cancelled when the client goes away.</summary>
    public CancellationToken Aborted => http.RequestAborted;

    /// <summary>A value of the route's template, e.g. <c>id</c> of <c>api/instances/{id}</c>.</summary>
    /// <exception cref="InvalidOperationException">The template has no such value (a defect of the route table).</exception>
    public string Route(string name) =>
        OptionalRoute(name) ?? throw new InvalidOperationException($"The route has no value '{name}'.");

    /// <summary>A value of the route's template that may be absent (<c>{instanceId?}</c>); null when it is.</summary>
    public string? OptionalRoute(string name) => http.GetRouteValue(name)?.ToString() is { Length: > 0 } value ? value : null;
}
