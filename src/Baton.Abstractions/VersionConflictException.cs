namespace Baton.Abstractions;

/// <summary>Thrown when a name and version is registered again with different content.</summary>
public sealed class VersionConflictException(string kind, string name, string version)
    : Exception($"{kind} '{name}' version '{version}' is already registered with different content; versions are immutable.")
{
    /// <summary>The conflicting name.</summary>
    public string Name { get; } = name;

    /// <summary>The conflicting version.</summary>
    public string Version { get; } = version;
}
