using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Triggers;

/// <summary>Starts the workflow once per matching CloudEvent or Event Grid event that arrives on the host's event webhook (<c>event:</c>).</summary>
/// <remarks>An event matches when its type is <see cref="Type"/>, its source and subject fit <see cref="Source"/> and
/// <see cref="Subject"/> (exact, or a prefix ending in <c>*</c>), and each <see cref="Data"/> path holds the given value.
/// Its instance id is made from the event's source and id, so a duplicate delivery starts nothing new. The trigger
/// input's <c>trigger</c> is <c>{ id, kind: event, event: { id, source, type, subject, time, data } }</c>.</remarks>
public sealed record EventTrigger(string Id, JsonNode? Input, string SourcePath, string Type, string? Source, string? Subject,
    ImmutableArray<(string Path, JsonNode? Value)> Data) : TriggerDefinition(Id, Input, SourcePath)
{
    /// <inheritdoc />
    public override string Kind => "event";
}
