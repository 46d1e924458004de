using System.Text.Json.Nodes;
using Baton.Abstractions;

namespace Baton.Runtime.Events;

/// <summary>One incoming event about a task, in either CloudEvents or Event Grid schema, reduced to what Baton reads.</summary>
/// <remarks><see cref="Correlation"/> is the attempt's idempotency key (<c>instance/step/attempt</c>): the
/// <c>triggeredid</c> extension when present, else the subject, else the <c>batoninstanceid</c>,
/// <c>batonstepid</c> and <c>batonattempt</c> extensions. <see cref="Token"/> is the reply token the attempt's
/// <c>.triggered</c> event carried (see <see cref="ReplyTokens"/>), or null when the event has none. <see cref="Envelope"/>
/// holds the bytes of binary data sent as a protobuf <c>baton.task.v1.TaskResult</c> (content type
/// <c>application/protobuf</c>), which a <c>.finished</c> event's outcome is read from instead of <see cref="Data"/>.</remarks>
public sealed record TaskEvent(string Id, string Type, string? Correlation, JsonNode? Data, string? Token = null, byte[]? Envelope = null)
{
    /// <summary>The event's source (CloudEvents <c>source</c>; Event Grid <c>topic</c>), for event triggers' filters.</summary>
    public string? Source { get; init; }

    /// <summary>The event's subject, for event triggers' filters.</summary>
    public string? Subject { get; init; }

    /// <summary>When the event happened, as the producer wrote it (CloudEvents <c>time</c>; Event Grid <c>eventTime</c>).</summary>
    public string? Time { get; init; }
}
