using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>What model-compose runs around a job: interrupts, hooks and <c>on_error</c>, as native steps.</summary>
/// <remarks>
/// <para><b>Interrupts</b> (human in the loop) are <c>event</c> steps: <c>before</c> waits for the event
/// <c>interrupt.&lt;job&gt;.before</c> before the job runs, <c>after</c> for <c>interrupt.&lt;job&gt;.after</c> after it, each only when
/// its condition holds. The event's data is the answer: when it is not null it replaces the job's input (before) or output (after),
/// as model-compose's resume does. The interrupt's message is the event step's description.</para>
/// <para><b>Hooks</b> run their Python script with <c>python3</c> (a <c>process</c> binding of the file's catalog: argv, no shell),
/// <c>hook(input, **kwargs)</c> before the job (its result is the job's input) and <c>hook(input, output, **kwargs)</c> after it (its
/// result is the job's output); kwargs are <c>task_id</c> (the instance), <c>job_id</c>, <c>run_id</c> (None) and <c>phase</c>.</para>
/// <para><b>on_error</b>: <c>ignore</c> (or the seed's <c>continue</c>) is <c>on_failure: continue</c>, the output null; <c>to: job</c>
/// is <c>on_failure: { goto: job }</c>; <c>output: ...</c> goes to a step <c>&lt;job&gt;-on-error</c> (the built-in echo of that
/// output, reading <c>${error.message}</c>), whose output readers of the job then read.</para></remarks>
internal static class ComposeAround
{
    private const string HookRunner = """
        import asyncio, inspect, json, os, sys
        script, job, phase = sys.argv[1], sys.argv[2], sys.argv[3]
        data = json.load(sys.stdin)
        scope = {}
        exec(compile(script, "hook " + job + " " + phase, "exec"), scope)
        args = [data.get("input")] + ([data.get("output")] if phase == "after" else [])
        result = scope["hook"](*args, task_id=os.environ.get("BATON_INSTANCE_ID"), job_id=job, run_id=None, phase=phase)
        if inspect.isawaitable(result):
            result = asyncio.run(result)
        with open(os.environ["BATON_OUTPUT_FILE"], "w") as out:
            json.dump(result, out)
        """;

    /// <summary>What a reader of the job's output reads when it is not the job's own step: the end of its after-chain, or that
    /// or its on_error fallback; null for the job's own step. Known from the source, before any job is converted.</summary>
    public static string? ReaderOutput(ComposeJob job)
    {
        var j = job.Source;
        var chained = Point(j["interrupt"] as JsonObject, "after") is not null || (j["hook"] as JsonObject)?["after"] is JsonObject or JsonArray;
        var own = chained ? $"{ComposeJob.Ref(job.Sub("output"))}.output" : null;
        return j["on_error"] is JsonObject o && o.ContainsKey("output") && !o.ContainsKey("to")
            ? $"coalesce({own ?? $"{ComposeJob.Ref(job.Id)}.output"}, {ComposeJob.Ref(job.Sub("on-error"))}.output)" : own;
    }

    public static void Wrap(ComposeJob job, ComposeScope scope, ComposeComponents.Result components, ImportBuilder b)
    {
        var j = job.Source;
        var interrupt = j["interrupt"] as JsonObject;
        var hook = j["hook"] as JsonObject;
        var before = (Point(interrupt, "before"), Hooks(hook, "before", job, b));
        var after = (Point(interrupt, "after"), Hooks(hook, "after", job, b));
        // An after-interrupt's condition may read the job's input (job.input): that needs the input evaluated in a step too.
        var readsInput = after.Item1?["condition"]?.ToJsonString().Contains("job.input", StringComparison.Ordinal) == true;
        if (before.Item1 is not null || before.Item2.Count > 0 || readsInput)
        {
            // The input is evaluated once, in a step of its own, so an answer or a hook can replace it.
            job.Before.Add(new JsonObject { ["id"] = job.Sub("input"), ["task"] = "echo", ["input"] = job.Step["input"]?.DeepClone() });
            var current = $"{ComposeJob.Ref(job.Sub("input"))}.output";
            if (before.Item1 is { } point)
            {
                job.Before.Add(Interrupt(job, point, "before", scope, b));
                current = $"coalesce({ComposeJob.Ref(job.Sub("before"))}.output, {current})";
            }
            foreach (var (script, i) in before.Item2.Select((s, i) => (s, i)))
            {
                var id = job.Sub(before.Item2.Count == 1 ? "hook-before" : $"hook-before-{i + 1}");
                job.Before.Add(Hook(job, id, script, "before", new JsonObject { ["input"] = "${" + current + "}" }, components));
                current = $"{ComposeJob.Ref(id)}.output";
            }
            job.Step["input"] = "${" + current + "}";
        }
        var output = $"{ComposeJob.Ref(job.Id)}.output";
        if (after.Item1 is { } afterPoint)
        {
            job.After.Add(Interrupt(job, afterPoint, "after", scope, b));
            output = $"coalesce({ComposeJob.Ref(job.Sub("after"))}.output, {output})";
        }
        foreach (var (script, i) in after.Item2.Select((s, i) => (s, i)))
        {
            var id = job.Sub(after.Item2.Count == 1 ? "hook-after" : $"hook-after-{i + 1}");
            job.After.Add(Hook(job, id, script, "after", new JsonObject { ["input"] = job.Step["input"]?.DeepClone(), ["output"] = "${" + output + "}" }, components));
            output = $"{ComposeJob.Ref(id)}.output";
        }
        if (job.After.Count > 0)
        {
            // The chain ends in one step whose output is the job's: the answer or the hook's result, through the job's own
            // output mapping (model-compose renders it after the after-interrupt and after-hooks).
            var end = new JsonObject { ["id"] = job.Sub("output"), ["task"] = "echo", ["input"] = "${" + output + "}" };
            if (job.Step["output"] is { } mapping)
            {
                job.Step.Remove("output");
                end["output"] = mapping;
            }
            job.After.Add(end);
            job.OutputExpression = $"{ComposeJob.Ref(job.Sub("output"))}.output";
        }
        job.Finals.Add(job.After.Count > 0 ? job.After[^1]["id"]!.GetValue<string>() : job.Id);
        OnError(job, scope, b);
    }

    private static void OnError(ComposeJob job, ComposeScope scope, ImportBuilder b)
    {
        var path = PathText.Key(job.Path, "on_error");
        switch (job.Source["on_error"])
        {
            case null:
                return;
            case JsonValue v when v.TryGetValue<string>(out var word) && word is "ignore" or "continue":
                job.Step["on_failure"] = "continue";
                return;
            case JsonValue v when v.TryGetValue<string>(out var word) && word is "fail" or "stop":
                return;
            case JsonObject o:
                b.OnlyKeys(o, path, "on_error", "output", "to");
                if (b.String(o, path, "to") is { } target)
                {
                    job.Step["on_failure"] = new JsonObject { ["goto"] = target };
                    return;
                }
                var fallback = job.Sub("on-error");
                job.Step["on_failure"] = o.ContainsKey("output") ? new JsonObject { ["goto"] = fallback } : "continue";
                if (o["output"] is { } output)
                {
                    var errorScope = scope.With(("error", $"{ComposeJob.Ref(job.Id)}.error"));
                    job.After.Add(new JsonObject { ["id"] = fallback, ["task"] = "echo", ["input"] = ComposeText.Value(output, errorScope, PathText.Key(path, "output"), b) });
                    job.Finals.Add(fallback);
                    job.OutputExpression = $"coalesce({job.OutputExpression ?? $"{ComposeJob.Ref(job.Id)}.output"}, {ComposeJob.Ref(fallback)}.output)";
                }
                return;
            default:
                b.Error("BTN077", path, "on_error must be 'ignore' or a mapping of 'output' and 'to'.", "Write on_error: ignore, or on_error: { output: { status: failed } }.");
                return;
        }
    }

    // An interrupt point: true, or { condition, message, metadata }; null when absent or false.
    private static JsonObject? Point(JsonObject? interrupt, string phase) => interrupt?[phase] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var on) => on ? new JsonObject() : null,
        JsonObject o => o,
        _ => null,
    };

    private static JsonObject Interrupt(ComposeJob job, JsonObject point, string phase, ComposeScope scope, ImportBuilder b)
    {
        var path = PathText.Key(PathText.Key(job.Path, "interrupt"), phase);
        b.OnlyKeys(point, path, "interrupt point", "condition", "message", "metadata");
        var step = new JsonObject
        {
            ["id"] = job.Sub(phase),
            ["type"] = "event",
            ["event"] = $"interrupt.{job.Id}.{phase}",
            ["description"] = point["message"] is JsonValue m && m.TryGetValue<string>(out var message)
                ? $"interrupt {phase} job '{job.Id}': {message}" : $"interrupt {phase} job '{job.Id}': raise 'interrupt.{job.Id}.{phase}' with the answer (null keeps the job's {(phase == "before" ? "input" : "output")})",
        };
        if (point["condition"] is JsonObject condition)
        {
            // An interrupt's condition reads the job's input (before) or output (after) as job.input and job.output.
            var jobScope = new ComposeScope(scope.Roots, null, scope.Referenced)
            {
                JobOutputs = scope.JobOutputs,
                JobIds = scope.JobIds,
                Members = new Dictionary<string, string>(scope.Members, StringComparer.Ordinal)
                {
                    ["job.input"] = $"{ComposeJob.Ref(job.Sub("input"))}.output",
                    ["job.output"] = $"{ComposeJob.Ref(job.Id)}.output",
                },
            };
            step["condition"] = "${" + ComposeRouting.Test(condition, null, jobScope, PathText.Key(path, "condition"), b) + "}";
        }
        return step;
    }

    private static List<string> Hooks(JsonObject? hook, string phase, ComposeJob job, ImportBuilder b)
    {
        var path = PathText.Key(PathText.Key(job.Path, "hook"), phase);
        var points = hook?[phase] switch
        {
            JsonObject one => [one],
            JsonArray many => many.OfType<JsonObject>().ToList(),
            _ => [],
        };
        var scripts = new List<string>();
        foreach (var point in points)
        {
            if (b.String(point, path, "script", required: true, example: "script: |\n  def hook(input, **kwargs):\n      return input") is { } script)
            {
                scripts.Add(script);
            }
        }
        return scripts;
    }

    private static JsonObject Hook(ComposeJob job, string id, string script, string phase, JsonObject input, ComposeComponents.Result components)
    {
        var task = $"hook.{components.Workflow}.{id}";
        components.Tasks[task] = new JsonObject
        {
            ["runner"] = "process",
            // The script is an argument, never a template: a '${' in it is written as '$${'.
            ["command"] = new JsonArray("python3", "-c", HookRunner, script.Replace("${", "$${", StringComparison.Ordinal), job.Id, phase),
            ["description"] = $"model-compose {phase}-hook of job '{job.Id}' (inline Python, run with python3)",
        };
        return new JsonObject { ["id"] = id, ["task"] = task, ["input"] = input };
    }
}
