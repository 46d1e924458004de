using Baton.Core.Expressions;

namespace Baton.Runtime.Catalog;

/// <summary>Runs Keptn's quality gate (the built-in <c>evaluate</c>) with the SLO and the metrics source fixed by the
/// catalog, so a workflow step only says what to evaluate (service, stage, window) and swapping where metrics come
/// from never touches the workflow.</summary>
/// <remarks><see cref="Slo"/> is null when the step input gives it. <see cref="Subject"/> (a template over the step
/// input) names where results are kept; null falls back to the step input's <c>subject</c>.</remarks>
public sealed record EvaluateBinding(string Name, Slo.SloText? Slo, SliSource? Sli, Template? Subject, TimeSpan? Timeout) : TaskBinding(Name, Timeout);
