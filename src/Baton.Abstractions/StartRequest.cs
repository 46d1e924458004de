using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Baton.Abstractions;

/// <summary>Asks a hub to start a workflow instance.</summary>
/// <remarks><see cref="InstanceId"/> null lets the hub choose one; a chosen id that exists already makes the start
/// fail with <see cref="InstanceExistsException"/>. <see cref="Env"/> holds only allow-listed values; they are
/// recorded in history.</remarks>
public sealed record StartRequest(StoredDefinition Definition, StoredDefinition? Catalog, JsonNode? Input, string? InstanceId = null,
    ImmutableSortedDictionary<string, string>? Env = null)
{
    /// <summary>The W3C traceparent the instance's spans join; null uses the current activity's, else a new trace.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The plan compiled from <see cref="Definition"/> by a caller that already validated it against
    /// <see cref="Catalog"/> and the built-in functions (the CLI does), so the hub does not parse the text again; null
    /// has the hub parse and validate it.</summary>
    /// <remarks>The hub trusts it for this definition's hash only; the input is still checked by the hub.</remarks>
    public Core.Engine.WorkflowPlan? Plan { get; init; }
}
