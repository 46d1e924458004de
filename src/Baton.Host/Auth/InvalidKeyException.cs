namespace Baton.Host.Auth;

/// <summary>Thrown when a key name or value given to the key API is not acceptable; a client error.</summary>
public sealed class InvalidKeyException(string message) : Baton.Abstractions.ProblemException(400, "bad-argument", "The key name or value is invalid.", message);
