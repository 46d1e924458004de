using System.Diagnostics;
using System.Diagnostics.Metrics;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;
using Baton.Abstractions;

namespace Baton.Runtime;

/// <summary>The metrics every backend publishes alike, under <see cref="Telemetry.Name"/>: instances started and finished,
/// retries, engine events applied, task attempts in flight and their durations, and the span of a finished instance.</summary>
/// <remarks>One set for the process, so a Prometheus scrape or an OTLP export shows the same series whichever backend ran
/// the work. The embedded hub calls <see cref="Observe"/> after each commit; the Durable orchestrator after each event it
/// applies outside replay, so a replay counts nothing twice. Each backend adds its own gauges (queue depth, timers).</remarks>
public static class WorkflowMetrics
{
    private static readonly Meter Meter = new(Telemetry.Name, "1.0");

    /// <summary>Instances started.</summary>
    public static Counter<long> InstancesStarted { get; } = Meter.CreateCounter<long>("baton.instances.started", "{instance}", "Instances started.");

    /// <summary>Instances that reached a final status, by status.</summary>
    public static Counter<long> InstancesFinished { get; } =
        Meter.CreateCounter<long>("baton.instances.finished", "{instance}", "Instances that reached a final status, by status.");

    /// <summary>Attempts that failed and will be retried.</summary>
    public static Counter<long> Retries { get; } = Meter.CreateCounter<long>("baton.step.retries", "{retry}", "Attempts that failed and will be retried.");

    /// <summary>Accepted engine events made durable.</summary>
    public static Counter<long> EventsCommitted { get; } = Meter.CreateCounter<long>("baton.events.committed", "{event}", "Accepted events committed to the store.");

    /// <summary>Task attempts running in this process.</summary>
    public static UpDownCounter<long> TasksInFlight { get; } = Meter.CreateUpDownCounter<long>("baton.tasks.in_flight", "{task}", "Task attempts running in this host.");

    /// <summary>Durations of task attempts in seconds, by task and outcome.</summary>
    /// <remarks>Seconds, as OpenTelemetry's semantic conventions and Prometheus want durations (exported as
    /// <c>baton_step_duration_seconds</c>), with buckets from 5 ms to 10 minutes.</remarks>
    public static Histogram<double> StepDuration { get; } = Meter.CreateHistogram("baton.step.duration", "s", "Duration of task attempts, by task and outcome.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });

    /// <summary>Records one finished attempt of <paramref name="task"/>: <c>ok</c>, <c>handed</c> or its error code as the outcome.</summary>
    public static string AttemptEnded(string task, TaskResult result, TimeSpan elapsed, Activity? span)
    {
        ArgumentNullException.ThrowIfNull(result);
        var outcome = result switch
        {
            TaskResult.Failure failure => failure.Error.Code,
            TaskResult.Handed => "handed",
            _ => "ok",
        };
        StepDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("task", task), new KeyValuePair<string, object?>("outcome", outcome));
        span?.SetTag("baton.outcome", outcome);
        if (result is TaskResult.Failure f)
        {
            span?.SetStatus(ActivityStatusCode.Error, f.Error.Message);
        }
        return outcome;
    }

    /// <summary>Counts what one applied event did (a start, retries, a finish) and emits the <c>workflow {name}</c> span of a
    /// finished instance.</summary>
    public static void Observe(InstanceState state, WorkflowEvent applied, IEnumerable<StepState> changedSteps)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(changedSteps);
        EventsCommitted.Add(1);
        if (applied is InstanceStarted)
        {
            InstancesStarted.Add(1);
        }
        Retries.Add(changedSteps.Count(s => s.Status == StepStatus.WaitingRetry));
        if (state is { IsTerminal: true, CompletedAt: { } done })
        {
            var status = new KeyValuePair<string, object?>("status", state.Status.ToString());
            InstancesFinished.Add(1, status);
            using var span = Telemetry.Source.StartActivity($"workflow {state.WorkflowName}", ActivityKind.Internal, Telemetry.Parent(state.TraceParent),
                [new("baton.instance.id", state.InstanceId), new("baton.workflow.version", state.WorkflowVersion), status], startTime: state.CreatedAt);
            if (span is not null)
            {
                if (state.Error is { } e)
                {
                    span.SetStatus(ActivityStatusCode.Error, e.Message);
                }
                span.SetEndTime(done.UtcDateTime);
            }
        }
    }
}
