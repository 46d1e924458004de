namespace Baton.Runtime.Catalog;

/// <summary>A workflow step's attempt: run the registered workflow <see cref="Workflow"/> (at <see cref="Version"/>, or
/// the active one) as a child instance; made by the executor from the dispatched name <c>workflow:&lt;name&gt;[@&lt;version&gt;]</c>.</summary>
public sealed record SubWorkflowBinding(string Name, string Workflow, string? Version) : TaskBinding(Name, null)
{
    /// <summary>The prefix of dispatched names that run workflows.</summary>
    public const string Prefix = "workflow:";

    /// <summary>The id of the child instance an attempt starts, the same on every backend: <c>parent.step.attempt</c>
    /// when that fits the id alphabet and length, else a hash of the attempt's idempotency key.</summary>
    public static string ChildId(string instanceId, string stepId, int attempt, string idempotencyKey)
    {
        var readable = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{instanceId}.{stepId.Replace('[', '.').Replace("]", "", StringComparison.Ordinal)}.{attempt}");
        return Core.Definitions.Names.IsValidInstanceId(readable)
            ? readable
            : "child-" + Abstractions.ContentHash.Of(idempotencyKey)[..32];
    }

    /// <summary>The binding for a dispatched name, or null when the name is an ordinary task.</summary>
    public static SubWorkflowBinding? From(string taskName)
    {
        if (!taskName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = taskName[Prefix.Length..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? new SubWorkflowBinding(taskName, rest, null) : new SubWorkflowBinding(taskName, rest[..at], rest[(at + 1)..]);
    }
}
