using System.Globalization;
using System.Text.Json.Nodes;
using Baton.Core.Expressions;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>What a task attempt is told about itself.</summary>
/// <remarks><see cref="IdempotencyKey"/> (<c>instance/step/attempt</c>) is the same every time the same attempt
/// is delivered; a task with side effects should use it to do its work once.</remarks>
public sealed record TaskContext(string InstanceId, string StepId, int Attempt, string IdempotencyKey, string TaskName, JsonNode? Input)
{
    /// <summary>True when this is a redelivery of an attempt whose service already reported that it took the task.</summary>
    /// <remarks>Runners that hand tasks over (see <see cref="TaskResult.Handed"/>) need not hand it over again.</remarks>
    public bool Acknowledged { get; init; }

    /// <summary>The step's <c>priority</c> (-1000 to 1000, default 0): which waiting attempt gets a free task slot or a place under
    /// a binding's <c>max_concurrency</c> first.</summary>
    public int Priority { get; init; }

    /// <summary>The content hash of the catalog the instance runs with, for a child workflow to run with the same bindings.</summary>
    public string? CatalogHash { get; init; }

    /// <summary>Issues the token a service must send back with its reports on this attempt; null where no backend can receive reports.</summary>
    public Abstractions.ReplyTokens? ReplyTokens { get; init; }

    /// <summary>Where the built-in <c>evaluate</c> keeps quality-gate results per subject (null: this host keeps none).</summary>
    public Slo.IEvaluationHistory? Evaluations { get; init; }

    /// <summary>Looks up the host's app settings by name (null: this host gives tasks none).</summary>
    /// <remarks>For built-in functions that reach outside (the Keptn lifecycle events' endpoint); never put into history.</remarks>
    public Func<string, string?>? AppSetting { get; init; }

    /// <summary>The W3C traceparent of the instance's trace the attempt belongs to (null: none), sent on when no span is
    /// recorded for the attempt, so a service joins the caller's trace whether or not this host exports traces.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The traceparent a service is sent: the attempt's span when one is recorded, else <see cref="TraceParent"/>.</summary>
    public string? OutgoingTraceParent => Telemetry.CurrentTraceParent() ?? TraceParent;

    /// <summary>The roots catalog templates see: <c>input</c> and <c>task</c>.</summary>
    public IReadOnlyDictionary<string, JsonNode?> TemplateRoots() => new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
    {
        ["input"] = Input,
        ["task"] = new JsonObject
        {
            ["instance_id"] = InstanceId,
            ["step_id"] = StepId,
            ["attempt"] = Attempt,
            ["idempotency_key"] = IdempotencyKey,
            ["name"] = TaskName,
        },
    };

    /// <summary>The context a binding's templates are evaluated in: <see cref="TemplateRoots"/>, keyed by the attempt.</summary>
    public EvaluationContext TemplateContext() => new(TemplateRoots(), DateTimeOffset.UnixEpoch, IdempotencyKey);

    /// <summary>The variables every out-of-process task gets: BATON_IDEMPOTENCY_KEY, BATON_ATTEMPT, BATON_INSTANCE_ID,
    /// BATON_STEP_ID, and TRACEPARENT when the attempt belongs to a trace.</summary>
    public IEnumerable<KeyValuePair<string, string>> Variables()
    {
        yield return new("BATON_IDEMPOTENCY_KEY", IdempotencyKey);
        yield return new("BATON_ATTEMPT", Attempt.ToString(CultureInfo.InvariantCulture));
        yield return new("BATON_INSTANCE_ID", InstanceId);
        yield return new("BATON_STEP_ID", StepId);
        if (OutgoingTraceParent is { } traceParent)
        {
            yield return new("TRACEPARENT", traceParent);
        }
    }
}
