namespace Baton.Abstractions;

/// <summary>A definition or catalog as text, addressed by the SHA-256 of its content.</summary>
/// <remarks><see cref="Kind"/> is <c>workflow</c> or <c>catalog</c>; <see cref="FileName"/> is kept for diagnostics.</remarks>
public sealed record StoredDefinition(string Hash, string Kind, string Name, string Version, string FileName, string Content);
