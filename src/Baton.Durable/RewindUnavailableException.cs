namespace Baton.Durable;

/// <summary>Thrown when a failed instance cannot be rewound because its engine state was not kept.</summary>
public sealed class RewindUnavailableException : Exception
{
    /// <summary>Creates the exception for an instance.</summary>
    public RewindUnavailableException(string instanceId)
        : base($"Instance '{instanceId}' cannot be rewound: its engine state was not kept when it failed (the worker had no data store, " +
            "or the orchestration failed before its workflow ran). Start it again instead.")
    {
    }

    /// <summary>Creates the exception with no detail.</summary>
    public RewindUnavailableException() : base("The instance cannot be rewound.")
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    public RewindUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
