namespace Baton.Abstractions;

/// <summary>Thrown when a point in an instance's history cannot be used: no event has that sequence, or it was compacted away.</summary>
public sealed class InvalidHistoryPointException : Exception
{
    /// <summary>Creates the exception with what is wrong and what to pick instead.</summary>
    public InvalidHistoryPointException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with no detail.</summary>
    public InvalidHistoryPointException() : this("That point is not in the instance's history.")
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    public InvalidHistoryPointException(string message, Exception inner) : base(message, inner)
    {
    }
}
