using System.Text.Json.Nodes;

namespace Baton.Core.Engine.Events;

/// <summary>A running task attempt reported that it started or how it is doing, before it finished.</summary>
/// <remarks>Accepted only while that exact attempt is running; it changes the step's
/// <see cref="StepState.Progress"/> and nothing else. Services that run tasks out of process send these
/// (<c>&lt;task&gt;.started</c>, <c>&lt;task&gt;.status.changed</c>); a late one, a start after any earlier report, or one repeating the last report changes nothing.</remarks>
public sealed record TaskProgressed(DateTimeOffset At, string StepId, int Attempt, string Phase, JsonNode? Data) : WorkflowEvent(At)
{
    /// <summary>The phase of a report that the task was taken up.</summary>
    public const string Started = "started";

    /// <summary>The phase of a report of the task's status while it runs.</summary>
    public const string StatusChanged = "status.changed";
}
