namespace Baton.Durable;

/// <summary>Tuning of the generic orchestrator.</summary>
/// <param name="MaxEventsPerGeneration">After this many engine events, the orchestrator continues as new at the next
/// moment no activity is in flight, carrying its state, so its history stays bounded.</param>
/// <param name="MaxStepsInStatus">Custom status lists each step while a workflow has at most this many; larger ones show counts.</param>
public sealed record OrchestratorOptions(int MaxEventsPerGeneration = 2_000, int MaxStepsInStatus = 500)
{
    /// <summary>The options used when none are given.</summary>
    public static OrchestratorOptions Default { get; } = new();
}
