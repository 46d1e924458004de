namespace Baton.Abstractions;

/// <summary>One registered version of a workflow or catalog in the definitions registry.</summary>
/// <remarks>Versions are immutable: a name and version always mean the same content hash. <see cref="Active"/>
/// marks the version a start by name uses; <see cref="Retired"/> versions can no longer be started.</remarks>
public sealed record RegistryEntry(string Kind, string Name, string Version, string Hash, DateTimeOffset CreatedAt, bool Active, bool Retired);
