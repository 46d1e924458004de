namespace Baton.Durable;

/// <summary>What a new execution hands <see cref="DurableNames.KeepHistory"/>: the engine events its predecessor applied.</summary>
public sealed record KeptHistory(string InstanceId, IReadOnlyList<Baton.Abstractions.HistoryEntry> History, long? CompactBefore);
