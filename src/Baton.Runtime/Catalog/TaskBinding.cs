using System.Collections.Immutable;

namespace Baton.Runtime.Catalog;

/// <summary>How one task runs: the "how" a workflow never names.</summary>
/// <remarks>Templates in a binding see <c>input</c> (the step's resolved input) and <c>task</c> (instance_id,
/// step_id, attempt, idempotency_key). Values are inserted as data and never evaluated again.</remarks>
public abstract record TaskBinding(string Name, TimeSpan? Timeout)
{
    /// <summary>The binding's circuit breaker (<c>circuit_breaker</c> in the catalog), or null for none.</summary>
    public CircuitBreakerPolicy? CircuitBreaker { get; init; }

    /// <summary>The most attempts of this binding that run at once in one host process (<c>max_concurrency</c>), or null for no limit.</summary>
    /// <remarks>Attempts over the limit wait, holding no task slot, and the wait does not count against their timeout.</remarks>
    public int? MaxConcurrency { get; init; }

    /// <summary>The retry policy of steps that call this task and say nothing of retries (<c>retry</c> in the catalog), or null for none.</summary>
    /// <remarks>A step's own <c>retry</c> and the workflow's <c>config.retry</c> win over it (see <see cref="Core.Engine.WorkflowPlan.WithTaskRetries"/>).</remarks>
    public Core.Definitions.RetryPolicy? Retry { get; init; }

    /// <summary>The worker pool whose task slots this binding's attempts run in (<c>pool</c>), or null for the host's own.</summary>
    public string? Pool { get; init; }

    /// <summary>The service pool whose long-running replicas take this binding's attempts (<c>pool: { min, max, ... }</c>), or null
    /// when each attempt runs on its own.</summary>
    public Pools.ServicePool? ServicePool { get; init; }

    /// <summary>What the binding promises about its input and output (<c>input_schema</c>, <c>output_schema</c>), or null for nothing.</summary>
    /// <remarks>Validation checks workflows' wiring against it; at run time an output that breaks the output schema fails the
    /// attempt for good (<c>OutputSchemaViolation</c>).</remarks>
    public Core.Definitions.TaskContract? Contract { get; init; }

    /// <summary>What the task's output is made of its runner's result (<c>result</c> in the catalog), or null for the result as it is.</summary>
    /// <remarks>A mapping over <c>result</c> (what the runner returned), <c>input</c> and <c>task</c>, evaluated in the host that ran the
    /// attempt (both backends, pool workers included) before the output schema is checked; one that cannot be evaluated fails the attempt
    /// for good (<c>ExpressionError</c>). An event task's report is taken as the service sent it.</remarks>
    public Core.Expressions.TemplateTree? ResultMapping { get; init; }

    /// <summary>The output schema compiled once, or null when the binding has none.</summary>
    public Json.Schema.JsonSchema? CompiledOutputSchema { get; init; }

    /// <summary>The version of the service the binding calls (<c>version</c>), shown by the registry; null when not given.</summary>
    public string? ContractVersion { get; init; }

    /// <summary>The binding's role tags (<c>roles</c>): ingestion, transformation, inference or any of the user's own.</summary>
    public ImmutableArray<string> Roles { get; init; } = [];

    /// <summary>How the task's request and result are encoded (<c>format</c>): JSON unless the catalog says protobuf.</summary>
    public TaskFormat Format { get; init; } = TaskFormat.Json;

    /// <summary>What the task does (<c>description</c>), shown in the designer's palette and by <c>baton catalog</c>.</summary>
    public string? Description { get; init; }

    /// <summary>Whether a text is a usable pool name: lowercase letters, digits and '-', starting with a letter, at most 40 characters.</summary>
    public static bool IsPoolName(string name) =>
        name is { Length: > 0 and <= 40 } && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
