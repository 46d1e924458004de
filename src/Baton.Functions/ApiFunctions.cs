using Baton.ControlPlane;
using Baton.ControlPlane.Http;
using Baton.ControlPlane.Routing;
using Baton.Durable;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Baton.Functions;

/// <summary>What every HTTP function of the app does: run its route of the control plane's table over the task hub, on a
/// Durable backend made for the request from the client the Functions binding gives.</summary>
/// <remarks>The functions are one line each (one per route, so the Functions host enforces each route's key level and routes
/// by its template); the implementation is the route's handler, the same <c>baton serve</c> runs. A failure becomes the
/// problem <see cref="ApiErrors"/> maps it to, and a server fault is logged.</remarks>
public abstract class ApiFunctions(FunctionsHub hub, ILogger logger)
{
    /// <summary>Runs the named route for a request.</summary>
    protected async Task<IResult> RunAsync(string route, HttpRequest request, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var durable = await hub.GetAsync().ConfigureAwait(false);
            // Not disposed here: a live stream's result runs after the function returns; its poller stops with the stream.
            var backend = new DurableBackend(new DurableConnection(durable, client, null,
                new System.Text.Json.Nodes.JsonObject { ["backend"] = "durable", ["taskHub"] = durable.TaskHubName, ["host"] = "function app" }));
            return await ApiRoutes.Named(route).RunAsync(new ApiCall(request.HttpContext, new Operations(backend), new FunctionsApiHost(client, hub.AppServiceAuth))).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every failure becomes a problem response, as baton serve's exception handler makes it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var problem = ApiErrors.Map(ex);
            if (problem.Status >= 500)
            {
                Logs.Unhandled(logger, ex, request.Method, request.Path);
            }
            return TypedResults.Problem(problem);
        }
    }
}
