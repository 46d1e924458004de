using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Baton.Functions.Http;

/// <summary>The control plane's routes for start by name, list, read, history, time travel, fork, events, control and purge: one function per route of <see cref="ControlPlane.Routing.ApiRoutes"/>,
/// each running that route's handler (see <see cref="ApiFunctions"/>).</summary>
public sealed class InstancesFunctions(FunctionsHub hub, ILogger<InstancesFunctions> logger) : ApiFunctions(hub, logger)
{
    /// <summary>The route <c>POST /api/workflows/{name}/instances</c> (<c>StartInstance</c>).</summary>
    [Function("StartInstance")]
    public Task<IResult> StartInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/workflows/{name}/instances")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("StartInstance", request, client);

    /// <summary>The route <c>GET /api/instances</c> (<c>ListInstances</c>).</summary>
    [Function("ListInstances")]
    public Task<IResult> ListInstancesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("ListInstances", request, client);

    /// <summary>The route <c>GET /api/instances/{id}</c> (<c>GetInstance</c>).</summary>
    [Function("GetInstance")]
    public Task<IResult> GetInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances/{id}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("GetInstance", request, client);

    /// <summary>The route <c>GET /api/instances/{id}/history</c> (<c>GetHistory</c>).</summary>
    [Function("GetHistory")]
    public Task<IResult> GetHistoryAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances/{id}/history")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("GetHistory", request, client);

    /// <summary>The route <c>GET /api/instances/{id}/history/{sequence:long}/state</c> (<c>GetStateAt</c>).</summary>
    [Function("GetStateAt")]
    public Task<IResult> GetStateAtAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances/{id}/history/{sequence:long}/state")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("GetStateAt", request, client);

    /// <summary>The route <c>POST /api/instances/{id}/fork</c> (<c>ForkInstance</c>).</summary>
    [Function("ForkInstance")]
    public Task<IResult> ForkInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{id}/fork")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("ForkInstance", request, client);

    /// <summary>The route <c>POST /api/instances/{id}/events/{eventName}</c> (<c>RaiseEvent</c>).</summary>
    [Function("RaiseEvent")]
    public Task<IResult> RaiseEventAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{id}/events/{eventName}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("RaiseEvent", request, client);

    /// <summary>The route <c>POST /api/instances/{id}/terminate</c> (<c>TerminateInstance</c>).</summary>
    [Function("TerminateInstance")]
    public Task<IResult> TerminateInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{id}/terminate")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("TerminateInstance", request, client);

    /// <summary>The route <c>POST /api/instances/{id}/suspend</c> (<c>SuspendInstance</c>).</summary>
    [Function("SuspendInstance")]
    public Task<IResult> SuspendInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{id}/suspend")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("SuspendInstance", request, client);

    /// <summary>The route <c>POST /api/instances/{id}/resume</c> (<c>ResumeInstance</c>).</summary>
    [Function("ResumeInstance")]
    public Task<IResult> ResumeInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{id}/resume")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("ResumeInstance", request, client);

    /// <summary>The route <c>POST /api/instances/{id}/rewind</c> (<c>RewindInstance</c>).</summary>
    [Function("RewindInstance")]
    public Task<IResult> RewindInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{id}/rewind")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("RewindInstance", request, client);

    /// <summary>The route <c>POST /api/instances/{id}/migrate</c> (<c>MigrateInstance</c>).</summary>
    [Function("MigrateInstance")]
    public Task<IResult> MigrateInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{id}/migrate")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("MigrateInstance", request, client);

    /// <summary>The route <c>POST /api/instances/migrate</c> (<c>MigrateInstances</c>).</summary>
    [Function("MigrateInstances")]
    public Task<IResult> MigrateInstancesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/migrate")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("MigrateInstances", request, client);

    /// <summary>The route <c>DELETE /api/instances/{id}</c> (<c>PurgeInstance</c>).</summary>
    [Function("PurgeInstance")]
    public Task<IResult> PurgeInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "api/instances/{id}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("PurgeInstance", request, client);

    /// <summary>The route <c>DELETE /api/instances</c> (<c>PurgeInstances</c>).</summary>
    [Function("PurgeInstances")]
    public Task<IResult> PurgeInstancesAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "api/instances")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync("PurgeInstances", request, client);
}
