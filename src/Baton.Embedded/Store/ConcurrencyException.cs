namespace Baton.Embedded.Store;

/// <summary>Thrown when a commit finds the instance changed since it was read, or already exists.</summary>
public sealed class ConcurrencyException(string message) : Exception(message);
