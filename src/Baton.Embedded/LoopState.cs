namespace Baton.Embedded;

/// <summary>What a supervised loop is doing.</summary>
public enum LoopState
{
    /// <summary>Running normally.</summary>
    Running,

    /// <summary>Failed, and waiting out its backoff before it starts again.</summary>
    Restarting,

    /// <summary>Ended: the hub is stopping.</summary>
    Stopped,
}
