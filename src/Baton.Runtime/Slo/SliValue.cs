namespace Baton.Runtime.Slo;

/// <summary>One SLI measurement: Keptn's <c>{ metric, value, success, message }</c>.</summary>
public sealed record SliValue(string Metric, double Value, bool Success, string? Message);
