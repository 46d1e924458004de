using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Triggers;

/// <summary>Something that starts a workflow on its own (<c>spec.triggers</c>): a schedule, a queue message or an event.</summary>
/// <remarks>A trigger belongs to the workflow version that declares it and is live while that version is the active one.
/// <see cref="Input"/> is the started instance's input: a template tree that sees only <c>trigger</c> (what fired it);
/// null gives the trigger's natural input (a message's or event's data; for a schedule, <c>trigger</c> itself). Values are
/// inserted as data, never evaluated again.</remarks>
public abstract record TriggerDefinition(string Id, JsonNode? Input, string SourcePath)
{
    /// <summary>The kind of trigger as the definition names it: schedule, queue or event.</summary>
    public abstract string Kind { get; }
}
