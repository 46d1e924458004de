namespace Baton.Abstractions;

/// <summary>Thrown when a backend cannot offer an operation at all (not a failure of this call); the message says what to use instead.</summary>
public sealed class NotOnThisBackendException : Exception
{
    /// <summary>Creates the exception with what to use instead.</summary>
    public NotOnThisBackendException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with no detail.</summary>
    public NotOnThisBackendException() : this("This backend does not offer that operation.")
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    public NotOnThisBackendException(string message, Exception inner) : base(message, inner)
    {
    }
}
