using System.Diagnostics;

namespace Baton.Runtime;

/// <summary>The names under which the runtime publishes spans and metrics, for OpenTelemetry to subscribe to.</summary>
/// <remarks>Spans: <c>step {id}</c> per task attempt and <c>workflow {name}</c> per finished instance, all in the
/// instance's trace (the caller's traceparent when started over HTTP). Metrics: instances started and finished
/// (by status), instances by status, step attempt durations (ms, by task and outcome), retries, tasks in flight,
/// timers pending, queue depth, committed events and batch sizes.</remarks>
public static class Telemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string Name = "Baton.Runtime";

    /// <summary>The source of the runtime's spans.</summary>
    public static ActivitySource Source { get; } = new(Name, "1.0");

    /// <summary>Makes a fresh W3C traceparent for an instance started outside any trace.</summary>
    public static string NewTraceParent() => $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01";

    /// <summary>The W3C traceparent of the current activity, or null when there is none.</summary>
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Starts the <c>step {id}</c> span of one task attempt, in the instance's trace; null when nobody listens.</summary>
    public static Activity? StartStep(string instanceId, string stepId, string task, int attempt, string idempotencyKey, string? traceParent) =>
        Source.StartActivity($"step {stepId}", ActivityKind.Internal, Parent(traceParent),
            [new("baton.instance.id", instanceId), new("baton.step.id", stepId), new("baton.task", task), new("baton.attempt", attempt),
             new("baton.idempotency_key", idempotencyKey)]);

    /// <summary>Reads a traceparent into a parent context; default when absent or malformed.</summary>
    public static ActivityContext Parent(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
}
