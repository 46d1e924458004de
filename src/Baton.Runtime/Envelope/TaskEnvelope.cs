using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core;
using Baton.Core.Expressions;
using BlobReference = Baton.Runtime.Envelope.V1.BlobReference;
using TaskRequest = Baton.Runtime.Envelope.V1.TaskRequest;
using TaskResult = Baton.Abstractions.TaskResult;
using Baton.Runtime.Runners;
using Google.Protobuf;

namespace Baton.Runtime.Envelope;

/// <summary>Converts between Baton's JSON values and the protobuf task envelope (<c>proto/baton/task/v1/task.proto</c>),
/// at the edge where a <c>format: protobuf</c> task is handed its request and gives back its result.</summary>
/// <remarks>A JSON value travels as <c>json</c>; an object of exactly <c>"$base64"</c> (and optionally <c>"$type"</c>)
/// travels as <c>data</c> bytes of that message type; an object of exactly <c>"$blob"</c> (<c>uri</c>,
/// <c>content_type</c>, <c>length</c>, <c>sha256</c>) travels as a blob reference. Results map back the same way, so
/// bytes one protobuf task returns reach the next one as bytes, and the engine never reads them.</remarks>
public static class TaskEnvelope
{
    /// <summary>The CloudEvents content type of an envelope carried as event data.</summary>
    public const string ContentType = "application/protobuf";

    /// <summary>The largest result read, as for JSON output: 16 MiB.</summary>
    public const int MaxResultBytes = ProcessRunner.MaxStdout;

    /// <summary>The request for an attempt: the context's ids and trace, with <paramref name="input"/> as its input.</summary>
    /// <remarks><paramref name="inputType"/> (the catalog's <c>input_message</c>) names the message type of bytes whose
    /// input does not say its own <c>"$type"</c>.</remarks>
    public static byte[] Request(TaskContext context, JsonNode? input, string? inputType)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = new TaskRequest
        {
            Task = context.TaskName,
            InstanceId = context.InstanceId,
            StepId = context.StepId,
            Attempt = context.Attempt,
            IdempotencyKey = context.IdempotencyKey,
            Traceparent = context.OutgoingTraceParent ?? "",
        };
        if (Bytes(input) is var (data, type))
        {
            request.Data = ByteString.CopyFrom(data);
            request.InputType = type ?? inputType ?? "";
        }
        else if (Blob(input) is { } blob)
        {
            request.Blob = blob;
        }
        else
        {
            request.Json = input?.ToJsonString() ?? "null";
            request.InputType = inputType ?? "";
        }
        return request.ToByteArray();
    }

    /// <summary>Reads a result a task wrote (<paramref name="source"/> names where, for the message) into a task result.</summary>
    /// <remarks>Bytes that are not a <c>TaskResult</c>, a result with no status, or JSON output that does not parse fail
    /// the attempt without retry (<c>InvalidOutput</c>): the same bytes would come back from the same code.</remarks>
    public static TaskResult Result(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length > MaxResultBytes)
        {
            return TaskResult.Fail("OutputTooLarge", $"The task's {source} is {bytes.Length} bytes; at most {MaxResultBytes} are read.", retryable: false);
        }
        V1.TaskResult result;
        try
        {
            result = V1.TaskResult.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            return Invalid(source, $"is not a baton.task.v1.TaskResult ({ex.Message})");
        }
        switch (result.Status)
        {
            case V1.TaskResult.Types.Status.Failed:
                return TaskResult.Fail(result.ErrorCode is { Length: > 0 } code ? code : "TaskFailed",
                    result.Message is { Length: > 0 } m ? m : "The task reported that it failed.", !result.HasRetryable || result.Retryable);
            case V1.TaskResult.Types.Status.Succeeded:
                break;
            default:
                return Invalid(source, "is a TaskResult without a status; set status to SUCCEEDED or FAILED");
        }
        try
        {
            return TaskResult.Ok(result.OutputCase switch
            {
                V1.TaskResult.OutputOneofCase.Json => string.IsNullOrWhiteSpace(result.Json) ? null : ValueLimits.Parse(result.Json),
                V1.TaskResult.OutputOneofCase.Data => BytesValue(result.Data.ToBase64(), result.OutputType),
                V1.TaskResult.OutputOneofCase.Blob => BlobValue(result.Blob),
                _ => null,
            });
        }
        catch (JsonException ex)
        {
            return Invalid(source, $"is a TaskResult whose json output is not JSON ({ex.Message})");
        }
    }

    private static TaskResult Invalid(string source, string what) =>
        TaskResult.Fail("InvalidOutput", $"The task's {source} {what}. A format: protobuf task writes a baton.task.v1.TaskResult (proto/baton/task/v1/task.proto).", retryable: false);

    /// <summary>The JSON value that stands for bytes of a message type: <c>{"$base64": ..., "$type": ...}</c>.</summary>
    public static JsonObject BytesValue(string base64, string? type)
    {
        var o = new JsonObject { ["$base64"] = base64 };
        if (!string.IsNullOrEmpty(type))
        {
            o["$type"] = type;
        }
        return o;
    }

    private static JsonObject BlobValue(BlobReference blob) => new()
    {
        ["$blob"] = new JsonObject
        {
            ["uri"] = blob.Uri,
            ["content_type"] = blob.ContentType,
            ["length"] = blob.Length,
            ["sha256"] = blob.Sha256,
        },
    };

    private static (byte[] Data, string? Type)? Bytes(JsonNode? input)
    {
        if (input is not JsonObject o || o["$base64"] is not JsonValue b || !Values.IsString(b) || o.Count != (o.ContainsKey("$type") ? 2 : 1))
        {
            return null;
        }
        try
        {
            return (Convert.FromBase64String(b.GetValue<string>()), o["$type"] is JsonValue t && Values.IsString(t) ? t.GetValue<string>() : null);
        }
        catch (FormatException)
        {
            return null; // not base64: sent as the JSON it is
        }
    }

    private static BlobReference? Blob(JsonNode? input)
    {
        if (input is not JsonObject { Count: 1 } o || o["$blob"] is not JsonObject b || b["uri"] is not JsonValue uri || !Values.IsString(uri))
        {
            return null;
        }
        return new BlobReference
        {
            Uri = uri.GetValue<string>(),
            ContentType = b["content_type"] is JsonValue c && Values.IsString(c) ? c.GetValue<string>() : "",
            Length = b["length"] is JsonValue l && l.TryGetValue<long>(out var n) ? n : 0,
            Sha256 = b["sha256"] is JsonValue h && Values.IsString(h) ? h.GetValue<string>() : "",
        };
    }
}
