using Baton.Durable;
using Baton.Runtime.Events;
using Baton.Runtime.Data;
using Baton.Runtime.Hub;
using Baton.Runtime.Runners;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Baton.Functions;

/// <summary>The Event Grid subscription endpoint: services report <c>.started</c>, <c>.status.changed</c> and
/// <c>.finished</c> on the tasks they were handed; each report is raised on the waiting instance.</summary>
/// <remarks>Reads and checks deliveries exactly as <c>baton serve</c> does (<see cref="TaskEventBatch"/>): both
/// subscription handshakes, 400 for a malformed delivery, 403 for a report without its attempt's reply token, and
/// nothing raised unless the whole delivery is good.</remarks>
public sealed class TaskEventFunctions(HubSecrets secrets, BlobDefinitionStore store, PlanCache plans, FunctionRegistry functions, BlobClaimCheck data)
{
    /// <summary>Receives task events (CloudEvents or Event Grid schema) and answers the subscription handshakes.</summary>
    [Function("TaskEvents")]
    public async Task<IActionResult> ReceiveAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", "options", Route = "events")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsOptions(request.Method))
        {
            if (WebhookHandshake.Answer(request.Headers[WebhookHandshake.RequestOriginHeader].FirstOrDefault()) is not { } allowed)
            {
                return HttpResults.Problem(400, "bad-handshake", "No WebHook-Request-Origin header.", WebhookHandshake.MissingOrigin);
            }
            foreach (var (name, value) in allowed)
            {
                request.HttpContext.Response.Headers[name] = value;
            }
            return new OkResult();
        }
        var (body, invalid) = await HttpResults.JsonAsync(request, cancellationToken).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }
        var tokens = await secrets.ReplyTokensAsync().ConfigureAwait(false);
        var batch = TaskEventBatch.Read(request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())), body, tokens);
        if (batch.ValidationCode is { } code)
        {
            return HttpResults.Json(new { validationResponse = code });
        }
        if (batch.Problems.Count > 0)
        {
            return HttpResults.Problem(400, "bad-event", "The events were refused; none was applied.", string.Join(" ", batch.Problems), batch.Problems);
        }
        if (batch.Refusals.Count > 0)
        {
            return HttpResults.Problem(403, "event-not-authorized", "The events were refused; none was applied.", string.Join(" ", batch.Refusals), batch.Refusals);
        }
        var workflows = new DurableWorkflowClient(client, store, plans, functions.Names, data, tokens, new InstanceClaims(data.Container, TimeProvider.System));
        var raised = 0;
        foreach (var (_, instanceId, report) in batch.Reports)
        {
            if (report is not null && instanceId is not null && await workflows.ReportAsync(instanceId, report, cancellationToken).ConfigureAwait(false))
            {
                raised++;
            }
        }
        return HttpResults.Json(new { received = batch.Reports.Count, raised });
    }
}
