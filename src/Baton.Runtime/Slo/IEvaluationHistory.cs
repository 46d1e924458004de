using System.Text.Json.Nodes;

namespace Baton.Runtime.Slo;

/// <summary>Earlier quality-gate results, kept per evaluation subject (such as a service in a stage), so a later
/// evaluation's relative criteria compare with them.</summary>
/// <remarks>Each result is recorded under the attempt's idempotency key: recording the same key again (a redelivered
/// attempt) changes nothing, and an attempt never compares with its own earlier record.</remarks>
public interface IEvaluationHistory
{
    /// <summary>The newest results of a subject first, at most <paramref name="max"/>, only those whose result is one of
    /// <paramref name="results"/> (all when null), leaving out the one recorded under <paramref name="exceptKey"/>.</summary>
    /// <returns>Each as recorded: Keptn's evaluation.finished data with <c>id</c> set to its key.</returns>
    Task<IReadOnlyList<JsonObject>> RecentAsync(string subject, IReadOnlyCollection<string>? results, int max, string exceptKey, CancellationToken cancellationToken);

    /// <summary>Records a result once per key; a second record under the same key is ignored.</summary>
    Task RecordAsync(string subject, string key, string result, JsonObject evaluation, CancellationToken cancellationToken);
}
