using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Baton.Functions.Http;

/// <summary>The control plane's routes for Keptn shipyards and sequence triggers, the task palette, and the task-event webhook services report to: one function per route of <see cref="ControlPlane.Routing.ApiRoutes"/>,
/// each running that route's handler (see <see cref="ApiFunctions"/>).</summary>
public sealed class EventsFunctions(FunctionsHub hub, ILogger<EventsFunctions> logger) : ApiFunctions(hub, logger)
{
    /// <summary>The route <c>POST /api/shipyards</c> (<c>UploadShipyard</c>).</summary>
    [Function("UploadShipyard")]
    public Task<IResult> UploadShipyardAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/shipyards")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("UploadShipyard", request, client);

    /// <summary>The route <c>POST /api/keptn/events</c> (<c>TriggerKeptnSequences</c>).</summary>
    [Function("TriggerKeptnSequences")]
    public Task<IResult> TriggerKeptnSequencesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/keptn/events")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("TriggerKeptnSequences", request, client);

    /// <summary>The route <c>GET /api/tasks</c> (<c>ListTasks</c>).</summary>
    [Function("ListTasks")]
    public Task<IResult> ListTasksAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "api/tasks")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("ListTasks", request, client);

    /// <summary>The route <c>POST /api/events</c> (<c>ReceiveTaskEvents</c>).</summary>
    [Function("ReceiveTaskEvents")]
    public Task<IResult> ReceiveTaskEventsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/events")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("ReceiveTaskEvents", request, client);

    /// <summary>The route <c>OPTIONS /api/events</c> (<c>TaskEventsHandshake</c>).</summary>
    [Function("TaskEventsHandshake")]
    public Task<IResult> TaskEventsHandshakeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "options", Route = "api/events")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("TaskEventsHandshake", request, client);
}
