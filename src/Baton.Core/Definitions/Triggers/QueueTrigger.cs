using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Triggers;

/// <summary>Starts the workflow once per message on an Azure Storage queue (<c>queue:</c>).</summary>
/// <remarks>A message is deleted only once its instance's start is committed; its instance id is made from the message
/// id, so a message delivered again after a crash starts nothing new. A message that fails to start
/// <see cref="MaxDequeue"/> times is moved to <c>&lt;queue&gt;-poison</c>. The trigger input's <c>trigger</c> is
/// <c>{ id, kind: queue, queue, message, message_id, dequeue_count, inserted_at }</c>, <c>message</c> being the
/// message's JSON, or its text when it is not JSON.</remarks>
public sealed record QueueTrigger(string Id, JsonNode? Input, string SourcePath, string Queue, string? ConnectionSetting, int MaxDequeue, bool Base64)
    : TriggerDefinition(Id, Input, SourcePath)
{
    /// <inheritdoc />
    public override string Kind => "queue";
}
