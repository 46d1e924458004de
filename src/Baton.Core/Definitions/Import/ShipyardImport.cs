namespace Baton.Core.Definitions.Import;

/// <summary>What a Keptn shipyard became: one workflow per sequence, and the problems that stopped it.</summary>
public sealed record ShipyardImport(string Name, IReadOnlyList<ShipyardSequence> Sequences, IReadOnlyList<Diagnostic> Problems);
