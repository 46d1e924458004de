namespace Baton.Abstractions;

/// <summary>The answer to a <see cref="MigrationRequest"/>.</summary>
/// <param name="Outcome">What became of it.</param>
/// <param name="FromVersion">The version the instance ran when asked.</param>
/// <param name="ToVersion">The version asked for.</param>
/// <param name="Problems">Why it was refused (<see cref="Core.Engine.Migration.Check"/>); empty otherwise.</param>
public sealed record MigrationResult(MigrationOutcome Outcome, string FromVersion, string ToVersion, IReadOnlyList<string> Problems);
