namespace Baton.Embedded;

/// <summary>One loop's state, how often it has failed, and the last failure.</summary>
public sealed record LoopHealth(string Name, LoopState State, int Failures, DateTimeOffset? LastFailureAt, string? LastError);
