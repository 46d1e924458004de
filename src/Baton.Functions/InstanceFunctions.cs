using Baton.Core.Definitions;
using Baton.Durable;
using Baton.Runtime.Data;
using Baton.Runtime.Hub;
using Baton.Runtime.Runners;
using Baton.Runtime.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Baton.Functions;

/// <summary>Starts registered workflows by name and reads instances; the rest of instance management is the Durable
/// extension's own HTTP API (the check-status payload's URIs).</summary>
public sealed class InstanceFunctions(BlobDefinitionStore store, Registry registry, PlanCache plans, FunctionRegistry functions, BlobClaimCheck data)
{
    /// <summary>The catalog a start uses when it names none.</summary>
    public const string DefaultCatalog = "default";

    /// <summary>Starts the active (or <c>?version=</c>) version of a workflow with the JSON body as input and answers 202
    /// with Durable Functions' check-status payload; <c>?instanceId=</c> chooses the id, <c>?catalog=</c> the catalog.</summary>
    [Function("StartWorkflow")]
    public async Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "workflows/{name}/instances")] HttpRequest request, string name,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (definition, problem) = await registry.ResolveAsync("workflow", name, request.Query["version"].FirstOrDefault(), cancellationToken).ConfigureAwait(false);
        if (definition is null)
        {
            return HttpResults.Problem(404, "workflow-not-found", "No live workflow of that name and version is registered.", $"{problem} Upload it with POST /api/definitions.");
        }
        var catalogName = request.Query["catalog"].FirstOrDefault();
        var (catalog, missing) = await registry.ResolveAsync("catalog", catalogName ?? DefaultCatalog, null, cancellationToken).ConfigureAwait(false);
        if (catalog is null && catalogName is not null)
        {
            return HttpResults.Problem(404, "catalog-not-found", "No live catalog of that name is registered.", $"{missing} Upload it with POST /api/catalogs.");
        }
        var (input, invalid) = await HttpResults.JsonAsync(request, cancellationToken).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }
        string id;
        try
        {
            id = await new DurableWorkflowClient(client, store, plans, functions.Names, data, claims: new InstanceClaims(data.Container, TimeProvider.System)).StartAsync(
                new StartRequest(definition, catalog, input, request.Query["instanceId"].FirstOrDefault()) { TraceParent = request.Headers["traceparent"].FirstOrDefault() },
                cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidInputException ex)
        {
            return HttpResults.Problem(400, "invalid-input", InvalidInputException.Summary, ex.Message, ex.Errors);
        }
        catch (DefinitionException ex)
        {
            return HttpResults.Problem(400, "invalid-definition", "The workflow cannot start with this catalog.", ex.Message);
        }
        catch (InvalidInstanceIdException ex)
        {
            return HttpResults.Problem(400, "invalid-instance-id", "The instance id is invalid.", ex.Message);
        }
        catch (InstanceExistsException ex)
        {
            return HttpResults.Problem(409, "instance-exists", "The instance id is taken.", ex.Message);
        }
        var payload = client.CreateHttpManagementPayload(id, await context.GetHttpRequestDataAsync().ConfigureAwait(false));
        request.HttpContext.Response.Headers.Location = payload.StatusQueryGetUri;
        return HttpResults.Json(payload, StatusCodes.Status202Accepted);
    }

    /// <summary>An instance's Baton view: status, output, error, and each step's status and attempts.</summary>
    /// <remarks>Claim-checked parts of the output are read back from Blob storage.</remarks>
    [Function("GetInstance")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "instances/{instanceId}")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var i = await new DurableWorkflowClient(client, store, plans, functions.Names, data).GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (i is null)
        {
            return HttpResults.Problem(404, "instance-not-found", $"No instance '{instanceId}'.", "Check the id; purged instances are gone.");
        }
        return HttpResults.Json(new
        {
            instanceId = i.InstanceId,
            runtimeStatus = i.Status.ToString(),
            output = i.Output,
            error = i.Error,
            progress = i.Progress,
            createdTime = i.CreatedAt,
            lastUpdatedTime = i.UpdatedAt,
        });
    }

    /// <summary>Rewinds a failed instance: its failed steps run again and its succeeded ones keep their outputs (see
    /// <see cref="DurableWorkflowClient.RewindAsync"/>); <c>?reason=</c> is recorded. 202 when rewound, 404 for no such
    /// instance, 409 when it has not failed or its state was not kept.</summary>
    [Function("RewindInstance")]
    public async Task<IActionResult> RewindAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "instances/{instanceId}/rewind")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is null)
        {
            return HttpResults.Problem(404, "instance-not-found", $"No instance '{instanceId}'.", "Check the id; purged instances are gone.");
        }
        var reason = request.Query["reason"].FirstOrDefault() is { Length: > 0 } r ? r : "rewound over HTTP";
        try
        {
            return await new DurableWorkflowClient(client, store, plans, functions.Names, data).RewindAsync(instanceId, reason, cancellationToken).ConfigureAwait(false)
                ? HttpResults.Json(new { instanceId, rewound = true }, StatusCodes.Status202Accepted)
                : HttpResults.Problem(409, "not-failed", $"Instance '{instanceId}' has not failed.", "Only a failed instance can be rewound.");
        }
        catch (RewindUnavailableException ex)
        {
            return HttpResults.Problem(409, "rewind-unavailable", $"Instance '{instanceId}' cannot be rewound.", ex.Message);
        }
    }
}
