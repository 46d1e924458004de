using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Runtime.Store;

namespace Baton.Runtime.Hub;

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

/// <summary>Thrown when a start names an instance id that is already taken.</summary>
public sealed class InstanceExistsException(string instanceId)
    : Exception($"An instance with id '{instanceId}' already exists.")
{
    /// <summary>The id that is taken.</summary>
    public string InstanceId { get; } = instanceId;
}

/// <summary>Thrown when a start's input is refused (too deep, not matching the workflow's input schema, or holding a data reference); nothing is stored.</summary>
public sealed class InvalidInputException(IReadOnlyList<string> errors)
    : Exception(Summary + " " + string.Join("; ", errors))
{
    /// <summary>The one-line title every surface (problem details, CLI) shows above the errors.</summary>
    public const string Summary = "The workflow input is invalid (too deep, not matching the workflow's input schema, or holding a data reference only Baton may write).";

    /// <summary>One line per problem: JSON pointer and reason.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>Thrown when a start names an instance id outside the id alphabet (see <see cref="Core.Definitions.Names"/>); nothing is stored.</summary>
public sealed class InvalidInstanceIdException(string instanceId)
    : Exception($"'{(instanceId.Length > 120 ? instanceId[..120] + "..." : instanceId)}' is not a valid instance id. {Core.Definitions.Names.InstanceIdRule}")
{
    /// <summary>The id that was refused.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>Throws when <paramref name="instanceId"/> is given and invalid.</summary>
    public static void ThrowIfInvalid(string? instanceId)
    {
        if (instanceId is not null && !Core.Definitions.Names.IsValidInstanceId(instanceId))
        {
            throw new InvalidInstanceIdException(instanceId);
        }
    }
}
