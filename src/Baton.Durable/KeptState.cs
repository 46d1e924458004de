namespace Baton.Durable;

/// <summary>What the generic orchestrator hands <see cref="DurableNames.KeepState"/> when a workflow fails.</summary>
public sealed record KeptState(string InstanceId, CarriedState State);
