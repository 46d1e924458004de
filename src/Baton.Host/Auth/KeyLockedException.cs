namespace Baton.Host.Auth;

/// <summary>Thrown when a key cannot be changed through the API: it comes from the environment, or must always exist.</summary>
public sealed class KeyLockedException(string name, string? variable)
    : Baton.Abstractions.ProblemException(409, "key-locked", "That key cannot be changed here.", variable is null
        ? $"The '{name}' key always exists; replace it instead of deleting it."
        : $"The '{name}' key is set by {variable}; change it there and restart.")
{
    /// <summary>The key's name.</summary>
    public string Name { get; } = name;
}
