using System.Collections.Immutable;
using Baton.Core.Expressions;

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

    /// <summary>The worker pool whose task slots this binding's attempts run in (<c>pool</c>), or null for the host's own.</summary>
    public string? Pool { get; init; }

    /// <summary>Whether a text is a usable pool name: lowercase letters, digits and '-', starting with a letter, at most 40 characters.</summary>
    public static bool IsPoolName(string name) =>
        name is { Length: > 0 and <= 40 } && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}

/// <summary>When a task binding's circuit opens and what attempts do while it is open.</summary>
/// <remarks>The circuit opens after <see cref="Failures"/> consecutive transient failures (retryable ones, timeouts
/// included) of the binding's attempts, stays open for <see cref="OpenFor"/>, then lets one attempt through as a
/// probe: its success closes the circuit, its failure opens it again. While open, an attempt fails at once with
/// <c>CircuitOpen</c> (retryable, so the step's retry policy waits and tries again) or, with <see cref="Wait"/>,
/// waits until the probe may go (bounded by the attempt's timeout).</remarks>
public sealed record CircuitBreakerPolicy(int Failures, TimeSpan OpenFor, bool Wait);

/// <summary>Runs an in-process .NET function registered in code.</summary>
public sealed record FunctionBinding(string Name, string Function, TimeSpan? Timeout) : TaskBinding(Name, Timeout);

/// <summary>Runs a local process from an argv array; never through a shell.</summary>
/// <remarks>The input goes to the file named by BATON_INPUT_FILE, and to stdin as JSON unless <see cref="Stdin"/>
/// says what to send instead. The output is the JSON the process writes to BATON_OUTPUT_FILE, else its stdout
/// (JSON, or <c>{"stdout": text}</c> when <see cref="TextOutput"/>).</remarks>
public sealed record ProcessBinding(string Name, ImmutableArray<Template> Command, string? WorkingDirectory,
    ImmutableDictionary<string, Template> Environment, Template? Stdin, bool TextOutput, TimeSpan? Timeout) : TaskBinding(Name, Timeout);

/// <summary>Calls an HTTP endpoint; a JSON response body becomes the output.</summary>
/// <remarks>Private, loopback, link-local and metadata addresses are refused unless
/// <see cref="AllowPrivateNetwork"/> is set.</remarks>
public sealed record HttpBinding(string Name, string Method, Template Url, ImmutableDictionary<string, Template> Headers,
    TemplateTree? Body, bool AllowPrivateNetwork, TimeSpan? Timeout) : TaskBinding(Name, Timeout);

/// <summary>Hands the task to a service in any language by publishing a <c>&lt;task&gt;.triggered</c> CloudEvent; the
/// service answers with <c>.started</c>, <c>.status.changed</c> and <c>.finished</c> events to the host's webhook.</summary>
/// <remarks>The event goes to <see cref="Endpoint"/> (an Event Grid topic or the service itself) with the key named by
/// <see cref="KeySetting"/>, resolved from the app settings at dispatch and never stored. Its id and subject are the
/// attempt's idempotency key. Until the service says <c>.started</c> (or finishes), the event is published again
/// every <see cref="RedeliverAfter"/>; the step's <c>timeout</c> bounds the whole attempt.</remarks>
public sealed record EventBinding(string Name, Template Endpoint, string EventType, string KeySetting, string Source,
    TemplateTree? Data, TimeSpan RedeliverAfter, bool AllowPrivateNetwork, TimeSpan? Timeout) : TaskBinding(Name, Timeout)
{
    /// <summary>The CloudEvents type of the event that hands a task over.</summary>
    public string TriggeredType => EventType + ".triggered";
}

/// <summary>Runs the task in a container from an image, through the Docker Engine API or on Azure Container Instances.</summary>
/// <remarks><see cref="Command"/> is an argv array (empty: the image's own command); <see cref="Network"/> is
/// <c>none</c> (the default: no network), <c>bridge</c> or <c>host</c> (Docker only). <see cref="Platform"/> is
/// <c>docker</c> or <c>aci</c>; null takes the app setting <c>BATON_CONTAINER_PLATFORM</c> (default docker).
/// <see cref="Cpu"/> and <see cref="MemoryGb"/> are what an ACI container group requests (defaults 1 and 1.5).</remarks>
public sealed record ContainerBinding(string Name, string Image, ImmutableArray<Template> Command,
    ImmutableDictionary<string, Template> Environment, string Network, bool TextOutput, TimeSpan? Timeout,
    string? Platform = null, double? Cpu = null, double? MemoryGb = null) : TaskBinding(Name, Timeout)
{
    /// <summary>The platforms a container task can run on.</summary>
    public static readonly IReadOnlyList<string> Platforms = ["docker", "aci"];

    /// <summary>The app setting that picks the platform for bindings that do not name one.</summary>
    public const string PlatformSetting = "BATON_CONTAINER_PLATFORM";

    /// <summary>The platform this binding runs on, given the app settings.</summary>
    public string PlatformIn(Func<string, string?> appSetting) =>
        Platform ?? (appSetting(PlatformSetting) is { Length: > 0 } p ? p.Trim().ToLowerInvariant() : "docker");
}

/// <summary>A workflow step's attempt: run the registered workflow <see cref="Workflow"/> (at <see cref="Version"/>, or
/// the active one) as a child instance; made by the executor from the dispatched name <c>workflow:&lt;name&gt;[@&lt;version&gt;]</c>.</summary>
public sealed record SubWorkflowBinding(string Name, string Workflow, string? Version) : TaskBinding(Name, null)
{
    /// <summary>The prefix of dispatched names that run workflows.</summary>
    public const string Prefix = "workflow:";

    /// <summary>The id of the child instance an attempt starts, the same on every backend: <c>parent.step.attempt</c>
    /// when that fits the id alphabet and length, else a hash of the attempt's idempotency key.</summary>
    public static string ChildId(string instanceId, string stepId, int attempt, string idempotencyKey)
    {
        var readable = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{instanceId}.{stepId.Replace('[', '.').Replace("]", "", StringComparison.Ordinal)}.{attempt}");
        return Core.Definitions.Names.IsValidInstanceId(readable)
            ? readable
            : "child-" + Store.ContentHash.Of(idempotencyKey)[..32];
    }

    /// <summary>The binding for a dispatched name, or null when the name is an ordinary task.</summary>
    public static SubWorkflowBinding? From(string taskName)
    {
        if (!taskName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = taskName[Prefix.Length..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? new SubWorkflowBinding(taskName, rest, null) : new SubWorkflowBinding(taskName, rest[..at], rest[(at + 1)..]);
    }
}

/// <summary>Runs Keptn's quality gate (the built-in <c>evaluate</c>) with the SLO and the metrics source fixed by the
/// catalog, so a workflow step only says what to evaluate (service, stage, window) and swapping where metrics come
/// from never touches the workflow.</summary>
/// <remarks><see cref="Slo"/> is null when the step input gives it. <see cref="Subject"/> (a template over the step
/// input) names where results are kept; null falls back to the step input's <c>subject</c>.</remarks>
public sealed record EvaluateBinding(string Name, Slo.SloText? Slo, SliSource? Sli, Template? Subject, TimeSpan? Timeout) : TaskBinding(Name, Timeout);

/// <summary>Where an evaluate binding's SLI values come from: a Prometheus-compatible query endpoint and one PromQL
/// query per SLI (Keptn's <c>sli.yaml</c>).</summary>
/// <remarks>Queries may use <c>$PROJECT</c>, <c>$STAGE</c>, <c>$SERVICE</c>, <c>$DEPLOYMENT</c> (from the step input)
/// and <c>$DURATION_SECONDS</c> (the evaluation window). Private and loopback addresses are refused unless
/// <see cref="AllowPrivateNetwork"/> is set.</remarks>
public sealed record SliSource(Uri Url, ImmutableSortedDictionary<string, string> Queries, bool AllowPrivateNetwork);
