using System.Text.Json.Nodes;
using Baton.Core.Engine.Events;

namespace Baton.Abstractions;

/// <summary>What a service says about a task attempt it was handed: progress, or how the attempt ended.</summary>
/// <remarks>A report with a <see cref="Result"/> ends the attempt; without one it is progress in
/// <see cref="Phase"/> (<see cref="TaskProgressed.Started"/> or <see cref="TaskProgressed.StatusChanged"/>) with
/// <see cref="Data"/>.</remarks>
public sealed record TaskReport(string StepId, int Attempt, string Phase, JsonNode? Data, TaskResult? Result)
{
    /// <summary>A progress report.</summary>
    public static TaskReport Progress(string stepId, int attempt, string phase, JsonNode? data) => new(stepId, attempt, phase, data, null);

    /// <summary>A report that ends the attempt.</summary>
    public static TaskReport Finished(string stepId, int attempt, TaskResult result) => new(stepId, attempt, "finished", null, result);
}
