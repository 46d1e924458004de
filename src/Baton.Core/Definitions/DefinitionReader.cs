using System.Collections.Immutable;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Baton.Core.Expressions;

namespace Baton.Core.Definitions;

/// <summary>Turns a parsed document into a <see cref="WorkflowDefinition"/>, reporting shape errors as it goes.</summary>
internal static partial class DefinitionReader
{
    private static readonly string[] TopKeys = ["apiVersion", "kind", "metadata", "spec"];
    private static readonly string[] MetadataKeys = ["name", "version", "description", "tags"];
    private static readonly string[] SpecKeys = ["input", "config", "variables", "steps", "compensation", "output", "triggers"];
    private static readonly string[] StepKeys =
        ["id", "name", "description", "type", "task", "input", "depends_on", "condition", "retry", "timeout", "priority", "on_failure", "duration", "until", "message", "event",
            "filter", "on_timeout", "cases", "default", "items", "max_concurrency", "on_item_failure", "do", "while", "until", "max_iterations", "workflow", "version", "output"];

    private static readonly string[] BodyKeys = ["task", "input", "retry", "timeout", "description"];

    private static readonly string[] CompensationKeys =
        ["id", "name", "description", "type", "task", "input", "undoes", "condition", "retry", "timeout", "on_failure", "duration", "until", "message"];

    internal static readonly string[] RetryKeys = ["max_attempts", "backoff", "initial_delay", "max_delay", "jitter"];

    public static WorkflowDefinition? Read(DiagnosticSink sink)
    {
        if (sink.Document.Root is not JsonObject rootObj)
        {
            sink.Add("BTN012", "", $"A definition must be a mapping, not {ObjectReader.JsonKind(sink.Document.Root)}.",
                "Start the file with 'apiVersion: baton.dev/v1' and 'kind: Workflow'.");
            return null;
        }
        var root = new ObjectReader(sink, rootObj, "", TopKeys);
        var apiVersion = root.Header("Workflow", "a workflow");
        var metadata = ReadMetadata(root, sink);
        var spec = root.Object("spec", required: true, SpecKeys);
        if (spec is null)
        {
            return null;
        }
        var input = spec.Object("input", required: false, "schema");
        var inputSchema = input?.Node["schema"];
        SchemaCheck.Validate(inputSchema, input?.At("schema"), sink);
        var config = spec.Object("config", required: false, "timeout", "retry");
        var workflowConfig = new WorkflowConfig(config?.Duration("timeout"), config is null ? null : ReadRetry(config, "retry"));
        var variables = new JsonObject();
        if (spec.Node["variables"] is { } vars)
        {
            if (vars is JsonObject varObj)
            {
                variables = (JsonObject)varObj.DeepClone();
            }
            else
            {
                spec.WrongType("variables", "a mapping", vars);
            }
        }
        var steps = WithBranchDependencies(ReadSteps(spec, sink));
        var output = spec.Object("output", required: false, "mapping", "schema");
        var outputSchema = output?.Node["schema"];
        SchemaCheck.Validate(outputSchema, output?.At("schema"), sink);
        return new WorkflowDefinition(apiVersion ?? "", metadata ?? new WorkflowMetadata("", "", null, []), inputSchema?.DeepClone(), workflowConfig, variables, steps,
            output?.Node["mapping"]?.DeepClone(), outputSchema?.DeepClone()) { Compensation = ReadCompensation(spec, sink), Triggers = Triggers.TriggerReader.Read(spec, sink) };
    }

    private static WorkflowMetadata? ReadMetadata(ObjectReader root, DiagnosticSink sink)
    {
        var meta = root.Object("metadata", required: true, MetadataKeys);
        if (meta is null)
        {
            return null;
        }
        var name = meta.String("name", required: true, example: "name: my-workflow");
        if (name is not null && !Names.IsValidName(name))
        {
            sink.Add("BTN017", meta.At("name"), $"'{name}' is not a valid workflow name.", Names.NameRule);
        }
        var version = meta.String("version") ?? "1";
        if (!Names.IsValidVersion(version))
        {
            sink.Add("BTN089", meta.At("version"), $"'{Names.Printable(version)}' is not a valid version.", Names.VersionRule);
        }
        return name is null ? null : new WorkflowMetadata(name, version, meta.String("description"), meta.StringList("tags"));
    }

    private static ImmutableArray<StepDefinition> ReadSteps(ObjectReader spec, DiagnosticSink sink)
    {
        var node = spec.Node["steps"];
        if (node is null)
        {
            spec.Missing("steps", "steps: [ { id: first, task: my-task } ]");
            return [];
        }
        if (node is not JsonArray arr)
        {
            spec.WrongType("steps", "a list of steps", node);
            return [];
        }
        if (arr.Count == 0)
        {
            sink.Add("BTN018", spec.At("steps"), "A workflow needs at least one step.", "Add a step with an 'id' and a 'task'.");
        }
        var steps = ImmutableArray.CreateBuilder<StepDefinition>();
        for (var i = 0; i < arr.Count; i++)
        {
            var path = PathText.Index(spec.At("steps"), i);
            if (arr[i] is not JsonObject obj)
            {
                sink.Add("BTN012", path, $"Step {i} must be a mapping, not {ObjectReader.JsonKind(arr[i])}.", "Write the step as 'id: ..., task: ...'.");
                continue;
            }
            if (ReadStep(new ObjectReader(sink, obj, path, StepKeys), sink) is { } step)
            {
                steps.Add(step);
            }
        }
        return steps.ToImmutable();
    }

    // A step on a switch's branch waits for the switch, and a goto target for the steps that go to it, whether or not
    // their depends_on says so.
    private static ImmutableArray<StepDefinition> WithBranchDependencies(ImmutableArray<StepDefinition> steps)
    {
        var gates = StepDefinition.Gates(steps);
        var handlers = steps.Where(s => s.GotoTarget is not null && s.GotoTarget != s.Id).ToLookup(s => s.GotoTarget!, s => s.Id, StringComparer.Ordinal);
        return [.. steps.Select(s => gates[s.Id].Any() || handlers[s.Id].Any()
            ? s with { DependsOn = [.. s.DependsOn, .. gates[s.Id].Concat(handlers[s.Id]).Distinct(StringComparer.Ordinal).Where(g => !s.DependsOn.Contains(g))] }
            : s)];
    }

    // spec.compensation: steps like any other, without depends_on (they run one at a time), optionally naming the step they undo.
    private static ImmutableArray<StepDefinition> ReadCompensation(ObjectReader spec, DiagnosticSink sink)
    {
        switch (spec.Node["compensation"])
        {
            case null:
                return [];
            case JsonArray arr:
                var steps = ImmutableArray.CreateBuilder<StepDefinition>();
                for (var i = 0; i < arr.Count; i++)
                {
                    var path = PathText.Index(spec.At("compensation"), i);
                    if (arr[i] is not JsonObject obj)
                    {
                        sink.Add("BTN012", path, $"Compensation step {i} must be a mapping, not {ObjectReader.JsonKind(arr[i])}.", "Write it as 'id: ..., task: ..., undoes: ...'.");
                    }
                    else
                    {
                        var reader = new ObjectReader(sink, obj, path, CompensationKeys);
                        if (ReadStep(reader, sink) is { } step)
                        {
                            steps.Add(step with { Undoes = reader.String("undoes") });
                        }
                    }
                }
                return steps.ToImmutable();
            default:
                spec.WrongType("compensation", "a list of steps", spec.Node["compensation"]);
                return [];
        }
    }

    private static StepDefinition? ReadStep(ObjectReader r, DiagnosticSink sink)
    {
        var id = r.String("id", required: true, example: "id: my-step");
        if (id is not null && !IdPattern().IsMatch(id))
        {
            sink.Add("BTN019", r.At("id"), $"'{id}' is not a valid step id.",
                "Start with a letter or '_', then letters, digits, '_' or '-', at most 100 characters.");
        }
        var task = r.String("task");
        StepType? type = r.Has("type") ? r.Enum("type", StepType.Task) : task is not null ? StepType.Task : null;
        if (!r.Has("type") && task is null)
        {
            sink.Add("BTN021", r.Path, $"Step '{id}' says neither which task it runs nor its type.",
                "Add 'task: <task name>' or 'type: set|wait|fail|succeed|event|switch|for_each|loop|workflow|continue_as_new'.");
        }
        if (type == StepType.Task && task is null && r.Has("type"))
        {
            r.Missing("task", "task: <task name from the catalog>");
        }
        if (type is not null and not StepType.Task && task is not null)
        {
            sink.Add("BTN025", r.At("task"), $"A '{ObjectReader.SnakeCase(type.Value.ToString())}' step does not run a task.", "Remove 'task', or set 'type: task'.");
        }
        var waitDuration = r.Duration("duration");
        var until = type == StepType.Loop ? null : r.String("until");
        if (type == StepType.Wait && !r.Has("duration") && !r.Has("until"))
        {
            r.Missing("duration", "duration: 5m  (or until: <ISO time>)");
        }
        if (type == StepType.Wait && r.Has("duration") && r.Has("until"))
        {
            sink.Add("BTN026", r.At("until"), "A wait step takes either 'duration' or 'until', not both.", "Remove one of the two.");
        }
        if (type != StepType.Wait)
        {
            NotAllowed(r, sink, type == StepType.Loop ? ["duration"] : ["duration", "until"]);
        }
        if (type != StepType.Fail)
        {
            NotAllowed(r, sink, "message");
        }
        if (type == StepType.Event && !r.Has("event"))
        {
            r.Missing("event", "event: approval-received");
        }
        else if (type == StepType.Event && r.String("event") is { } eventName && Names.IsReservedEventName(eventName))
        {
            sink.Add("BTN090", r.At("event"), $"The event name '{eventName}' is reserved: names starting with '{Names.ReservedEventPrefix}' are Baton's own.",
                "Choose another name, e.g. without the 'baton.' prefix.");
        }
        if (type != StepType.Event)
        {
            NotAllowed(r, sink, "event", "filter", "on_timeout");
        }
        if (type != StepType.ForEach)
        {
            NotAllowed(r, sink, "items", "max_concurrency", "on_item_failure");
        }
        if (type is not (StepType.Task or StepType.Workflow or StepType.Event or StepType.ForEach or StepType.Loop))
        {
            NotAllowed(r, sink, "output");
        }
        if (type != StepType.Workflow)
        {
            NotAllowed(r, sink, "workflow", "version");
        }
        else if (r.String("workflow") is { } child && !Names.IsValidName(child))
        {
            sink.Add("BTN017", r.At("workflow"), $"'{child}' is not a valid workflow name.", Names.NameRule);
        }
        if (type != StepType.Loop)
        {
            NotAllowed(r, sink, "while", "until", "max_iterations");
        }
        if (type is not (StepType.ForEach or StepType.Loop))
        {
            NotAllowed(r, sink, "do");
        }
        if (type == StepType.ContinueAsNew)
        {
            // It ends this run at once: there is nothing to retry, time out or fail over.
            NotAllowed(r, sink, "retry", "timeout", "on_failure");
        }
        var needed = type switch
        {
            StepType.ForEach => new[] { ("items", "items: ${steps.list.output.files}"), ("do", "do: { task: process-one, input: { file: \"${item}\" } }") },
            StepType.Loop => [("max_iterations", "max_iterations: 20  (a loop always has a bound)"), ("do", "do: { task: poll, input: { attempt: \"${iteration}\" } }")],
            StepType.Workflow => [("workflow", "workflow: payment  (a registered workflow's name)")],
            _ => [],
        };
        foreach (var (key, example) in needed.Where(k => !r.Has(k.Item1)))
        {
            r.Missing(key, example);
        }
        if (type != StepType.Switch)
        {
            NotAllowed(r, sink, "cases", "default");
        }
        else if (!r.Has("cases"))
        {
            r.Missing("cases", "cases: [ { when: \"${input.kind == 'text'}\", steps: [handle-text] } ]");
        }
        // on_timeout: { goto: step } makes the timeout an alternative path, as on_failure: { goto } does for failures
        // (an event step fails only by timing out).
        var (onTimeout, timeoutGoto) = ReadHandler(r, sink, "on_timeout", OnTimeout.Fail, OnTimeout.Goto, "goto: remind-again");
        if (r.Has("on_timeout") && !r.Has("timeout"))
        {
            r.Missing("timeout", "timeout: 24h  (on_timeout says what happens when it passes)");
        }
        var condition = ConditionText(r, "condition");
        var (onFailure, gotoTarget) = ReadHandler(r, sink, "on_failure", OnFailure.Fail, OnFailure.Goto, "goto: handle-failure");
        if (timeoutGoto is not null)
        {
            (onFailure, gotoTarget) = (OnFailure.Goto, timeoutGoto);
        }
        var retry = ReadRetry(r, "retry");
        var timeout = r.Duration("timeout");
        var priority = r.Int("priority", -1000, 1000) ?? 0;
        if (id is null || type is null || onFailure is null || onTimeout is null)
        {
            return null;
        }
        return new StepDefinition(id, type.Value, task, r.Node["input"]?.DeepClone(), r.StringList("depends_on"), condition,
            retry, timeout, onFailure.Value, waitDuration, until, r.String("message"), r.Path, r.String("event"))
        {
            Filter = ConditionText(r, "filter"),
            Output = r.Node["output"]?.DeepClone(),
            OnTimeout = onTimeout.Value,
            GotoTarget = gotoTarget,
            Workflow = type == StepType.Workflow ? r.String("workflow") : null,
            WorkflowVersion = type == StepType.Workflow ? r.String("version") : null,
            Cases = type == StepType.Switch ? ReadCases(r, sink) : [],
            Default = type == StepType.Switch ? r.StringList("default") : [],
            Items = type == StepType.ForEach ? r.String("items") : null,
            MaxConcurrency = r.Int("max_concurrency", 1, 1000) ?? 16,
            OnItemFailure = ItemFailure(r, sink) ?? OnItemFailure.FailFast,
            Body = type is StepType.ForEach or StepType.Loop && r.Object("do", required: false, BodyKeys) is { } body ? ReadBody(id, body, sink) is { } b ? b with { Priority = priority } : null : null,
            Priority = priority,
            While = type == StepType.Loop ? ConditionText(r, "while") : null,
            Until = type == StepType.Loop ? ConditionText(r, "until") : null,
            MaxIterations = type == StepType.Loop ? r.Int("max_iterations", 1, 10_000) ?? 1 : 0,
        };
    }

    private static ImmutableArray<SwitchCase> ReadCases(ObjectReader r, DiagnosticSink sink)
    {
        if (r.Node["cases"] is not JsonArray arr)
        {
            if (r.Has("cases"))
            {
                r.WrongType("cases", "a list of { when, steps }", r.Node["cases"]);
            }
            return [];
        }
        var cases = ImmutableArray.CreateBuilder<SwitchCase>();
        for (var i = 0; i < arr.Count; i++)
        {
            var path = PathText.Index(r.At("cases"), i);
            if (arr[i] is not JsonObject obj)
            {
                sink.Add("BTN012", path, $"Case {i} must be a mapping, not {ObjectReader.JsonKind(arr[i])}.", "Write { when: ..., steps: [...] }.");
                continue;
            }
            var c = new ObjectReader(sink, obj, path, "when", "steps");
            var when = ConditionText(c, "when", example: "when: ${input.kind == 'text'}");
            var steps = c.StringList("steps");
            if (!c.Has("steps"))
            {
                c.Missing("steps", "steps: [the-step-to-run]");
            }
            if (when is not null)
            {
                cases.Add(new SwitchCase(when, steps));
            }
        }
        return cases.ToImmutable();
    }

    // on_failure and on_timeout are a word (fail, continue, ...) or { goto: <step> }.
    private static (T?, string?) ReadHandler<T>(ObjectReader r, DiagnosticSink sink, string key, T fallback, T gotoValue, string example)
        where T : struct, Enum
    {
        if (r.Node[key] is JsonObject handler)
        {
            var h = new ObjectReader(sink, handler, r.At(key), "goto");
            return h.String("goto", required: true, example: example) is { } target ? (gotoValue, target) : (null, null);
        }
        if (r.String(key) == "goto")
        {
            sink.Add("BTN015", r.At(key), "'goto' needs the step to go to.", $"Write {key}: {{ goto: <step id> }}.");
            return (null, null);
        }
        return (r.Enum(key, fallback), null);
    }

    private static OnItemFailure? ItemFailure(ObjectReader r, DiagnosticSink sink)
    {
        string[] allowed = ["fail_fast", "collect", "continue"];
        switch (r.String("on_item_failure"))
        {
            case null or "fail_fast":
                return OnItemFailure.FailFast;
            case "collect":
                return OnItemFailure.Collect;
            case "continue":
                return OnItemFailure.Continue;
            case var other:
                sink.Add("BTN015", r.At("on_item_failure"), $"'{other}' is not a valid on_item_failure.", Suggest.UseOneOf(other, allowed));
                return null;
        }
    }

    // The task a for_each runs per item: a task step without an id of its own (its items are <for_each id>[i]).
    private static StepDefinition? ReadBody(string id, ObjectReader body, DiagnosticSink sink)
    {
        var task = body.String("task", required: true, example: "task: process-one");
        return task is null ? null : new StepDefinition(id, StepType.Task, task, body.Node["input"]?.DeepClone(), [], null,
            ReadRetry(body, "retry"), body.Duration("timeout"), OnFailure.Fail, null, null, null, body.Path, null);
    }

    // A condition is an expression string, or a plain true or false.
    private static string? ConditionText(ObjectReader r, string key, string? example = null) => r.Node[key] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "${true}" : "${false}",
        _ => r.String(key, required: example is not null, example: example),
    };

    private static void NotAllowed(ObjectReader r, DiagnosticSink sink, params string[] keys)
    {
        foreach (var key in keys.Where(r.Has))
        {
            sink.AddAtKey("BTN025", r.At(key), $"'{key}' belongs to another step type.", "Remove it, or change the step's type.");
        }
    }

    internal static RetryPolicy? ReadRetry(ObjectReader parent, string key)
    {
        var r = parent.Object(key, required: false, RetryKeys);
        if (r is null)
        {
            return null;
        }
        var max = r.Int("max_attempts", 1, 100) ?? 3;
        var backoff = r.Enum("backoff", Backoff.Exponential) ?? Backoff.Exponential;
        var initial = r.Duration("initial_delay") ?? TimeSpan.FromSeconds(1);
        var maxDelay = r.Duration("max_delay") ?? TimeSpan.FromMinutes(5);
        double jitter = 0;
        switch (r.Node["jitter"])
        {
            case null:
                break;
            case JsonValue v when v.TryGetValue<bool>(out var b):
                jitter = b ? 0.2 : 0;
                break;
            case JsonValue v when Values.AsNumber(v) is { } d && d is >= 0 and <= 1:
                jitter = d;
                break;
            default:
                r.WrongType("jitter", "true, false, or a fraction from 0 to 1", r.Node["jitter"]);
                break;
        }
        return new RetryPolicy(max, backoff, initial, maxDelay < initial ? initial : maxDelay, jitter);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]{0,99}\\z")]
    internal static partial Regex IdPattern();
}
