namespace Baton.Core.Definitions;

/// <summary>How the delay between attempts grows.</summary>
public enum Backoff
{
    /// <summary>The same delay before every retry.</summary>
    Fixed,
    /// <summary>The delay doubles after every attempt, up to the maximum.</summary>
    Exponential,
}
