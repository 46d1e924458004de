namespace Baton.Runtime.Slo;

/// <summary>An earlier evaluation a relative criterion may compare with: its id, result and the SLI values it saw.</summary>
public sealed record EarlierEvaluation(string? Id, string Result, IReadOnlyList<SliValue> Values);
