namespace Baton.ControlPlane;

/// <summary>What a host may tune about the routes.</summary>
public sealed record OperationsOptions
{
    /// <summary>How many changes one live-stream client may have queued; past that it gets a fresh snapshot (instance
    /// streams) or a <c>lagged</c> event (hub stream).</summary>
    public int StreamBufferSize { get; init; } = 10_000;

    /// <summary>How often a live stream with nothing to say sends a comment line, so proxies (the Functions host's among
    /// them, which gives up on a response idle for 240 s) keep it open.</summary>
    public TimeSpan StreamHeartbeat { get; init; } = TimeSpan.FromSeconds(20);
}
