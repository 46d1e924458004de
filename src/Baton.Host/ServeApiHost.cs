using System.Text.Json.Nodes;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Baton.Host.Auth;
using Microsoft.AspNetCore.Http;

namespace Baton.Host;

/// <summary><c>baton serve</c> as a host of the API: check-status URIs point at its own Durable-compatible routes, with the caller's key.</summary>
internal sealed class ServeApiHost : IApiHost
{
    /// <inheritdoc />
    public ApiHosts Kind => ApiHosts.Serve;

    /// <inheritdoc />
    public ControlPlane.Audit.AuditActor Actor(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Items[ControlPlane.Audit.AuditActor.ItemKey] as ControlPlane.Audit.AuditActor ?? ControlPlane.Audit.AuditActor.Anonymous;
    }

    /// <inheritdoc />
    public JsonObject CheckStatus(HttpRequest request, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Headers[KeyFilter.Header].FirstOrDefault() ?? Query.One(request, "code") ?? Query.One(request, "systemKey");
        return StatusPayloads.CheckStatus(request, instanceId, key);
    }
}
