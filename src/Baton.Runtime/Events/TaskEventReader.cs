using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Expressions;
using Baton.Abstractions;

namespace Baton.Runtime.Events;

/// <summary>Reads the events services send about tasks they were handed, and turns each into a <see cref="TaskReport"/>.</summary>
/// <remarks>Types end in <c>.started</c>, <c>.status.changed</c> or <c>.finished</c>. A <c>.finished</c> event's data
/// follows the Keptn convention: <c>status</c> <c>succeeded</c> (default) or <c>errored</c>, optional <c>result</c>
/// <c>pass</c>, <c>warning</c> or <c>fail</c>, and <c>message</c>. Errored fails the attempt (retryable unless
/// <c>retryable: false</c>); result fail fails it without retry (unless <c>retryable: true</c>); anything else
/// succeeds with the data as the step's output. A <c>.finished</c> event may instead carry a protobuf
/// <c>baton.task.v1.TaskResult</c> as binary data (<c>data_base64</c> with datacontenttype <c>application/protobuf</c>),
/// read by <see cref="Envelope.TaskEnvelope.Result"/>. Every problem is a sentence naming the event.</remarks>
public static class TaskEventReader
{
    private static readonly string[] Phases = [".status.changed", ".started", ".finished"];

    /// <summary>Reads one CloudEvents 1.0 JSON object (structured mode).</summary>
    public static (TaskEvent? Event, string? Problem) FromCloudEvent(JsonNode? node)
    {
        if (node is not JsonObject o)
        {
            return (null, "A CloudEvent must be a JSON object.");
        }
        var id = Text(o, "id");
        var label = id is null ? "The event" : $"Event '{id}'";
        if (Text(o, "specversion") is not "1.0")
        {
            return (null, $"{label} lacks \"specversion\": \"1.0\"; only CloudEvents 1.0 is read.");
        }
        foreach (var required in new[] { "id", "source", "type" })
        {
            if (Text(o, required) is null)
            {
                return (null, $"{label} lacks the required CloudEvents attribute '{required}'.");
            }
        }
        byte[]? envelope = null;
        if (o.ContainsKey("data_base64"))
        {
            if (Text(o, "datacontenttype") is not { } type || !type.StartsWith(Envelope.TaskEnvelope.ContentType, StringComparison.OrdinalIgnoreCase))
            {
                return (null, $"{label} carries binary data (data_base64) that is not a protobuf task envelope; send JSON in 'data', " +
                    $"or a baton.task.v1.TaskResult with datacontenttype '{Envelope.TaskEnvelope.ContentType}'.");
            }
            try
            {
                envelope = Convert.FromBase64String(Text(o, "data_base64") ?? "");
            }
            catch (FormatException)
            {
                return (null, $"{label} has data_base64 that is not base64.");
            }
        }
        var correlation = Text(o, "triggeredid") ?? Text(o, "subject") ?? Extensions(o);
        var data = envelope is null ? o["data"] : Envelope.TaskEnvelope.BytesValue(Convert.ToBase64String(envelope), "baton.task.v1.TaskResult");
        return (new TaskEvent(id!, Text(o, "type")!, correlation, data, Text(o, ReplyTokens.Attribute), envelope)
        {
            Source = Text(o, "source"),
            Subject = Text(o, "subject"),
            Time = Text(o, "time"),
        }, null);
    }

    /// <summary>Reads one Event Grid schema object (<c>id</c>, <c>eventType</c>, <c>subject</c>, <c>data</c>, <c>dataVersion</c>).</summary>
    public static (TaskEvent? Event, string? Problem) FromEventGrid(JsonNode? node)
    {
        if (node is not JsonObject o)
        {
            return (null, "An Event Grid event must be a JSON object.");
        }
        var id = Text(o, "id");
        foreach (var required in new[] { "id", "eventType", "subject", "dataVersion" })
        {
            if (Text(o, required) is null)
            {
                return (null, $"{(id is null ? "The event" : $"Event '{id}'")} lacks the required Event Grid field '{required}'.");
            }
        }
        // The Event Grid schema has no extension attributes, so the reply token rides in data and is taken out of it.
        var data = o["data"];
        string? token = null;
        if (data is JsonObject d && d.ContainsKey(ReplyTokens.Attribute))
        {
            token = Text(d, ReplyTokens.Attribute);
            var copy = (JsonObject)d.DeepClone();
            copy.Remove(ReplyTokens.Attribute);
            data = copy;
        }
        return (new TaskEvent(id!, Text(o, "eventType")!, Text(o, "subject"), data, token)
        {
            Source = Text(o, "topic"),
            Subject = Text(o, "subject"),
            Time = Text(o, "eventTime"),
        }, null);
    }

    /// <summary>True for the events Baton itself publishes (<c>.triggered</c>), which a topic may echo back; they are not replies.</summary>
    public static bool IsOwnEvent(TaskEvent e) => e.Type.EndsWith(".triggered", StringComparison.Ordinal);

    /// <summary>Says why an event may not report on the attempt it names, or null when it carries that attempt's reply token.</summary>
    /// <remarks>Only attempts handed to an <c>event</c> binding have a token, and it is bound to the binding's event
    /// type, so a report on any other step, or of another type, is refused. Call after <see cref="ToReport"/> found
    /// the event well formed.</remarks>
    public static string? Authenticate(TaskEvent e, ReplyTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var phase = Phase(e.Type);
        if (phase is null || e.Correlation is null)
        {
            return $"Event '{e.Id}' is not a task report.";
        }
        if (e.Token is null)
        {
            return $"Event '{e.Id}' carries no reply token: copy the '{ReplyTokens.Attribute}' extension attribute of the .triggered event into every reply.";
        }
        return tokens.Verify(e.Correlation, e.Type[..^phase.Length], e.Token)
            ? null
            : $"Event '{e.Id}' does not carry the reply token of attempt '{e.Correlation}' for events of type '{e.Type[..^phase.Length]}': " +
              "only the service that was handed that attempt, answering with its task's event type, may report on it.";
    }

    /// <summary>Turns an event into the instance it concerns and the report it makes, or says why it cannot.</summary>
    public static (string? InstanceId, TaskReport? Report, string? Problem) ToReport(TaskEvent e)
    {
        var phase = Phase(e.Type);
        if (phase is null)
        {
            return (null, null, $"Event '{e.Id}' has type '{e.Type}'; a task reports with '<task>.started', '<task>.status.changed' or '<task>.finished', " +
                "and an event that starts workflows has the type an event trigger of an active workflow version names.");
        }
        if (Data.BlobClaimCheck.ForeignReferenceProblem(e.Data) is { } reference)
        {
            return (null, null, $"Event '{e.Id}': {reference}");
        }
        if (AttemptKey.Parse(e.Correlation) is not var (instanceId, stepId, attempt))
        {
            return (null, null, $"Event '{e.Id}' does not say which attempt it is about: set the 'triggeredid' extension (or the subject) " +
                "to the id of the .triggered event, 'instance/step/attempt'.");
        }
        if (phase != ".finished")
        {
            return (instanceId, TaskReport.Progress(stepId, attempt, phase[1..], e.Data?.DeepClone()), null);
        }
        var (result, problem) = Outcome(e);
        return result is null ? (null, null, problem) : (instanceId, TaskReport.Finished(stepId, attempt, result), null);
    }

    private static string? Phase(string type) => Phases.FirstOrDefault(p => type.EndsWith(p, StringComparison.Ordinal) && type.Length > p.Length);

    private static (TaskResult? Result, string? Problem) Outcome(TaskEvent e)
    {
        if (e.Envelope is { } envelope)
        {
            var result = Envelope.TaskEnvelope.Result(envelope, $"event '{e.Id}'");
            return result is TaskResult.Failure { Error.Code: "InvalidOutput" or "OutputTooLarge" } bad ? (null, bad.Error.Message) : (result, null);
        }
        if (e.Data is not (null or JsonObject))
        {
            return (TaskResult.Ok(e.Data.DeepClone()), null);
        }
        var data = e.Data as JsonObject;
        var status = data is null ? null : Text(data, "status");
        var verdict = data is null ? null : Text(data, "result");
        var message = data is null ? null : Text(data, "message");
        bool? retryable = data?["retryable"] is JsonValue r && r.TryGetValue<bool>(out var b) ? b : null;
        if (status is not (null or "succeeded" or "errored" or "unknown"))
        {
            return (null, $"Event '{e.Id}' has data.status '{status}'; use 'succeeded' or 'errored'.");
        }
        if (verdict is not (null or "pass" or "warning" or "fail"))
        {
            return (null, $"Event '{e.Id}' has data.result '{verdict}'; use 'pass', 'warning' or 'fail'.");
        }
        if (status == "errored")
        {
            return (TaskResult.Fail("TaskErrored", message ?? "The service reported that the task errored.", retryable ?? true), null);
        }
        if (verdict == "fail")
        {
            return (TaskResult.Fail("TaskResultFail", message ?? "The service reported the result 'fail'.", retryable ?? false), null);
        }
        return (TaskResult.Ok(data?.DeepClone()), null);
    }

    private static string? Extensions(JsonObject o) =>
        Text(o, "batoninstanceid") is { } i && Text(o, "batonstepid") is { } s && o["batonattempt"] is JsonValue a
            ? $"{i}/{s}/{Values.Text(a)}"
            : null;

    private static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && Values.IsString(v) && v.GetValue<string>() is { Length: > 0 } s ? s : null;
}
