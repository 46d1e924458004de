using System.Collections.Immutable;

namespace Baton.Runtime.Catalog;

/// <summary>Where an evaluate binding's SLI values come from: a Prometheus-compatible query endpoint and one PromQL
/// query per SLI (Keptn's <c>sli.yaml</c>).</summary>
/// <remarks>Queries may use <c>$PROJECT</c>, <c>$STAGE</c>, <c>$SERVICE</c>, <c>$DEPLOYMENT</c> (from the step input)
/// and <c>$DURATION_SECONDS</c> (the evaluation window). Private and loopback addresses are refused unless
/// <see cref="AllowPrivateNetwork"/> is set.</remarks>
public sealed record SliSource(Uri Url, ImmutableSortedDictionary<string, string> Queries, bool AllowPrivateNetwork);
