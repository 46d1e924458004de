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
internal sealed class FunctionsApiHost(DurableTaskClient client) : IApiHost
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public ApiHosts Kind => ApiHosts.FunctionApp;

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
