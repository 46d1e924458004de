namespace Baton.Runtime.Data;

/// <summary>Thrown when a claim-checked value cannot be read back: not this instance's, gone, or altered.</summary>
public sealed class ClaimCheckException : Exception
{
    /// <summary>Creates the exception with its reason.</summary>
    public ClaimCheckException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with no detail.</summary>
    public ClaimCheckException() : this("A claim-checked value cannot be read.")
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    public ClaimCheckException(string message, Exception inner) : base(message, inner)
    {
    }
}
