using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Baton.Functions;

/// <summary>The function app as a host of the API: check-status URIs point at the Durable extension's own routes, with the
/// extension's system key, as <c>CreateHttpManagementPayload</c> makes them.</summary>
/// <remarks>A client that did not come from the Functions binding (a test invoking the function, a tool) has no system
/// key to give; the URIs then point at the same routes under the request's base address without one.</remarks>
internal sealed class FunctionsApiHost(DurableTaskClient client, bool appServiceAuth = false) : IApiHost
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public ApiHosts Kind => ApiHosts.FunctionApp;

    /// <inheritdoc />
    /// <remarks>The Functions host checks keys and keeps their names to itself, so a key is named by its fingerprint. With App
    /// Service authentication on (<c>WEBSITE_AUTH_ENABLED</c>, which also strips these headers from what clients send), the
    /// signed-in caller from <c>X-MS-CLIENT-PRINCIPAL</c> comes first.</remarks>
    public ControlPlane.Audit.AuditActor Actor(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (appServiceAuth && request.Headers["X-MS-CLIENT-PRINCIPAL"].FirstOrDefault() is { Length: > 0 } principal && Principal(principal) is { } signedIn)
        {
            return signedIn;
        }
        var key = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        return key is { Length: > 0 } ? ControlPlane.Audit.AuditActor.KeyFingerprint(key) : ControlPlane.Audit.AuditActor.Anonymous;
    }

    private static ControlPlane.Audit.AuditActor? Principal(string header)
    {
        try
        {
            var claims = JsonNode.Parse(Convert.FromBase64String(header))?["claims"] as JsonArray ?? [];
            return ControlPlane.Audit.AuditActor.FromClaims(claims.Select(c => ((string?)c?["typ"] ?? "", (string?)c?["val"] ?? "")));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public JsonObject CheckStatus(HttpRequest request, string instanceId)
    {
        try
        {
            return (JsonObject)JsonSerializer.SerializeToNode(client.CreateHttpManagementPayload(instanceId), Web)!;
        }
        catch (InvalidOperationException)
        {
            return StatusPayloads.CheckStatus(request, instanceId, key: null);
        }
    }
}
