using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Abstractions;

namespace Baton.Runtime.Events;

/// <summary>The task events of one webhook delivery, read and checked the same way by every host (<c>baton serve</c> and the function app).</summary>
/// <remarks>Reads binary-mode CloudEvents (<c>ce-*</c> headers, data in the body), structured CloudEvents, batches
/// (a JSON array), and Event Grid schema events, told apart by <c>specversion</c> or <c>eventType</c>. An Event Grid
/// subscription validation event yields its code instead of events. <see cref="Problems"/> are malformed events
/// (the delivery is refused, 400); <see cref="Refusals"/> are reports without their attempt's reply token (refused,
/// 403). Only when both are empty may <see cref="Reports"/> be applied.</remarks>
public sealed class TaskEventBatch
{
    private const string ValidationEvent = "Microsoft.EventGrid.SubscriptionValidationEvent";

    private TaskEventBatch()
    {
    }

    /// <summary>The code to echo when the delivery was Event Grid's subscription validation; null otherwise.</summary>
    public string? ValidationCode { get; private init; }

    /// <summary>Why events are malformed, one sentence each.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Why reports may not be applied (no or a wrong reply token), one sentence each.</summary>
    public List<string> Refusals { get; } = [];

    /// <summary>The events of a type some live event trigger starts workflows on, which are not task reports (they carry no reply token).</summary>
    public List<TaskEvent> Triggering { get; } = [];

    /// <summary>Every well-formed event with the instance and report it makes (both null for Baton's own echoed <c>.triggered</c> events).</summary>
    public List<(TaskEvent Event, string? InstanceId, TaskReport? Report)> Reports { get; } = [];

    /// <summary>Applies every report to the backend, once <see cref="Problems"/> and <see cref="Refusals"/> are empty; returns how many
    /// changed an instance and why each other event changed nothing.</summary>
    /// <remarks>The one place reports reach the backend, for the webhook on every host and the service pools' results queue.
    /// A duplicate or late report is acknowledged in <c>Ignored</c> and changes nothing.</remarks>
    public async Task<(int Applied, JsonArray Ignored)> ApplyAsync(IWorkflowBackend backend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (Problems.Count > 0 || Refusals.Count > 0)
        {
            throw new InvalidOperationException("A batch with problems or refusals is refused whole; nothing of it may be applied.");
        }
        var ignored = new JsonArray();
        var applied = 0;
        foreach (var (e, instanceId, report) in Reports)
        {
            if (report is null)
            {
                ignored.Add(new JsonObject { ["id"] = e.Id, ["reason"] = "Baton's own .triggered event, not a report." });
            }
            else if (await backend.ReportAsync(instanceId!, report, cancellationToken).ConfigureAwait(false))
            {
                applied++;
            }
            else
            {
                ignored.Add(new JsonObject { ["id"] = e.Id, ["reason"] = $"No running attempt {report.Attempt} of step '{report.StepId}' in instance '{instanceId}': a duplicate or late report." });
            }
        }
        return (applied, ignored);
    }

    /// <summary>Reads a delivery from its headers (names compared without case) and JSON body, and checks every report's token.</summary>
    /// <param name="headers">The request's headers.</param>
    /// <param name="body">The request's JSON body.</param>
    /// <param name="tokens">Checks reports' reply tokens.</param>
    /// <param name="triggerTypes">The event types live event triggers start workflows on (null: none); such an event without a reply
    /// token goes to <see cref="Triggering"/> instead of being read as a report.</param>
    public static TaskEventBatch Read(IEnumerable<KeyValuePair<string, string>> headers, JsonNode? body, ReplyTokens tokens, IReadOnlySet<string>? triggerTypes = null)
    {
        var batch = new TaskEventBatch();
        var ce = headers.Where(h => h.Key.StartsWith("ce-", StringComparison.OrdinalIgnoreCase) && h.Key.Length > 3).ToList();
        var events = new List<TaskEvent>();
        if (ce.Any(h => h.Key.Equals("ce-specversion", StringComparison.OrdinalIgnoreCase)))
        {
            var o = new JsonObject();
            foreach (var (name, value) in ce)
            {
                o[name[3..].ToLowerInvariant()] = value;
            }
            o["data"] = body?.DeepClone();
            batch.Add(TaskEventReader.FromCloudEvent(o), events, 0);
        }
        else if (body is null)
        {
            batch.Problems.Add("The request has no events: send a CloudEvent, a batch of them, or Event Grid events as JSON.");
        }
        else
        {
            var items = body is JsonArray array ? [.. array] : new List<JsonNode?> { body };
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is JsonObject o && o.ContainsKey("specversion"))
                {
                    batch.Add(TaskEventReader.FromCloudEvent(o), events, i);
                }
                else if (items[i] is JsonObject eg && eg.ContainsKey("eventType"))
                {
                    if (eg["eventType"] is JsonValue t && t.GetValueKind() == JsonValueKind.String && t.GetValue<string>() == ValidationEvent)
                    {
                        return eg["data"]?["validationCode"] is JsonValue code && code.GetValueKind() == JsonValueKind.String
                            ? new TaskEventBatch { ValidationCode = code.GetValue<string>() }
                            : Refused("The subscription validation event has no data.validationCode.");
                    }
                    batch.Add(TaskEventReader.FromEventGrid(eg), events, i);
                }
                else
                {
                    batch.Problems.Add($"Item {i} is neither a CloudEvent (no 'specversion') nor an Event Grid event (no 'eventType').");
                }
            }
        }
        foreach (var e in events)
        {
            if (e.Token is null && triggerTypes?.Contains(e.Type) == true)
            {
                batch.Triggering.Add(e);
                continue;
            }
            if (TaskEventReader.IsOwnEvent(e))
            {
                batch.Reports.Add((e, null, null));
                continue;
            }
            var (instanceId, report, problem) = TaskEventReader.ToReport(e);
            if (problem is not null)
            {
                batch.Problems.Add(problem);
            }
            else if (TaskEventReader.Authenticate(e, tokens) is { } refusal)
            {
                batch.Refusals.Add(refusal);
            }
            batch.Reports.Add((e, instanceId, report));
        }
        return batch;
    }

    private static TaskEventBatch Refused(string problem)
    {
        var batch = new TaskEventBatch();
        batch.Problems.Add(problem);
        return batch;
    }

    private void Add((TaskEvent? Event, string? Problem) read, List<TaskEvent> events, int index)
    {
        if (read.Event is { } e)
        {
            events.Add(e);
        }
        else
        {
            Problems.Add($"Item {index}: {read.Problem}");
        }
    }
}
