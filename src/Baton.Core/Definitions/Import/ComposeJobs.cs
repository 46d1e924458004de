using System.Globalization;
using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>Model-compose jobs as native steps.</summary>
/// <remarks>A component job is a task step (its component's action), or a <c>workflow</c> step when the component runs another
/// workflow; a job without <c>input</c> gets the workflow's input, as in model-compose, and its <c>output</c> is the step's
/// <c>output</c> mapping. <c>repeat_count</c> runs it that many times as a <c>for_each</c>. A <c>for-each</c> job is a
/// <c>for_each</c> over its input (<c>batch_size</c> at once, one by default); <c>delay</c> a <c>wait</c>; <c>filter</c> the built-in
/// <c>echo</c> with the job's output mapping; <c>if</c>, <c>switch</c> and <c>random-router</c> are routed by
/// <see cref="ComposeRouting"/>. Around the job: <see cref="ComposeAround"/>.</remarks>
internal static class ComposeJobs
{
    public static readonly string[] Keys =
        ["id", "name", "description", "type", "component", "action", "input", "output", "depends_on", "condition", "on_error", "retry", "interrupt", "hook",
            "max_run_count", "repeat_count", "conditions", "operator", "value", "if_true", "if_false", "otherwise", "cases", "mode", "routings", "do",
            "batch_size", "streaming", "duration", "time", "timezone", "where"];

    public static void Convert(ComposeJob job, ComposeScope scope, ComposeComponents.Result components, ImportBuilder b)
    {
        var j = job.Source;
        var type = b.String(j, job.Path, "type") ?? "component";
        var step = job.Step;
        foreach (var key in new[] { "name", "description" })
        {
            if (b.String(j, job.Path, key) is { } text)
            {
                step[key] = text;
            }
        }
        switch (type)
        {
            case "component":
                Component(job, scope, components, b);
                break;
            case "for-each" or "foreach" or "for_each":
                ForEach(job, scope, components, b);
                break;
            case "filter":
                step["task"] = "echo";
                step["input"] = j["input"] is { } input ? ComposeText.Value(input, scope, PathText.Key(job.Path, "input"), b) : "${input}";
                if (j["where"] is not null)
                {
                    b.Error("BTN077", PathText.Key(job.Path, "where"), "A filter job's 'where' keeps the items of a list that satisfy a condition, which Baton's expressions cannot do.",
                        "Filter the list in the task that makes it, or in a task of your own after it.");
                }
                break;
            case "delay":
                Delay(job, b);
                break;
            case "if" or "switch" or "random-router" or "random":
                ComposeRouting.Read(job, type, scope, b);
                return;
            default:
                b.Error("BTN077", PathText.Key(job.Path, "type"), $"Job type '{type}' is not one of model-compose's job types.",
                    Suggest.UseOneOf(type, ["component", "for-each", "filter", "delay", "if", "switch", "random-router"]));
                return;
        }
        if (j["output"] is { } output && ComposeText.Whole(output is JsonValue v && v.TryGetValue<string>(out var s) ? s : "")?.Trim() != "output")
        {
            // The job's output mapping reads its result as 'output' (some files write 'response' or 'result', as the component did).
            step["output"] = ComposeText.Value(output, scope.With(("output", "output"), ("response", "output"), ("result", "output")), PathText.Key(job.Path, "output"), b);
            b.MapTree(PathText.Key(job.Path, "output"), PathText.Key(job.Path, "output"), output);
        }
        if (j["condition"] is { } condition)
        {
            step["condition"] = ComposeText.Operand(condition, scope, PathText.Key(job.Path, "condition"), b);
        }
        Retry(job, b);
        ComposeAround.Wrap(job, scope, components, b);
    }

    private static void Component(ComposeJob job, ComposeScope scope, ComposeComponents.Result components, ImportBuilder b)
    {
        var j = job.Source;
        var componentPath = PathText.Key(job.Path, "component");
        var component = j["component"] is JsonObject inline ? ComposeComponents.Inline(components, inline, componentPath, job.Id, b) : b.String(j, job.Path, "component");
        if (components.Resolve(component, b.String(j, job.Path, "action"), j.ContainsKey("component") ? componentPath : job.Path, b) is not { } action)
        {
            return;
        }
        var step = job.Step;
        var input = j["input"] is { } given ? ComposeText.Value(given, scope, PathText.Key(job.Path, "input"), b) : "${input}";
        if (action.ChildWorkflow is { } child)
        {
            step["type"] = "workflow";
            step["workflow"] = components.WorkflowName(child);
            step["input"] = action.Config["input"] is { } childInput ? ComposeText.Value(childInput, scope, PathText.Key(action.Path, "input"), b) : input;
            return;
        }
        var repeat = ImportText.Integer(j["repeat_count"]) ?? 1;
        if (repeat > 1)
        {
            // Each run of a repeated job gets its own attempt: a for_each over the run numbers; its output is the list of runs.
            step["type"] = "for_each";
            step["items"] = "${" + "[" + string.Join(", ", Enumerable.Range(0, Math.Min(repeat, 1000))) + "]}";
            step["max_concurrency"] = Math.Min(repeat, 1000);
            step["do"] = new JsonObject { ["task"] = action.Task, ["input"] = input };
            return;
        }
        step["task"] = action.Task;
        step["input"] = input;
    }

    private static void ForEach(ComposeJob job, ComposeScope scope, ComposeComponents.Result components, ImportBuilder b)
    {
        var j = job.Source;
        var step = job.Step;
        step["type"] = "for_each";
        var items = j["input"] is JsonValue v && v.TryGetValue<string>(out var text) ? ComposeText.Text(text, scope, PathText.Key(job.Path, "input"), b) : null;
        if (items is null || ComposeText.Whole(items) is null)
        {
            b.Error("BTN072", j.ContainsKey("input") ? PathText.Key(job.Path, "input") : job.Path, "A for-each job's 'input' must be one ${...} giving the list.",
                "Write input: ${jobs.list.output.items}.");
            return;
        }
        step["items"] = items;
        step["max_concurrency"] = ImportText.Integer(j["batch_size"]) is int size ? Math.Clamp(size, 1, 1000) : 1;
        var doPath = PathText.Key(job.Path, "do");
        if (j["do"] is not JsonObject body)
        {
            b.Error("BTN072", job.Path, "A for-each job needs 'do': the component to run per item.", "Add do: { component: my-component, input: { item: ${item} } }.");
            return;
        }
        b.OnlyKeys(body, doPath, "for-each do", "component", "action", "input");
        var component = body["component"] is JsonObject inline ? ComposeComponents.Inline(components, inline, PathText.Key(doPath, "component"), job.Id, b) : b.String(body, doPath, "component");
        if (components.Resolve(component, b.String(body, doPath, "action"), doPath, b) is { } action)
        {
            step["do"] = new JsonObject
            {
                ["task"] = action.Task,
                ["input"] = body["input"] is { } input ? ComposeText.Value(input, scope.With(("item", "item"), ("index", "index")), PathText.Key(doPath, "input"), b) : "${item}",
            };
        }
    }

    private static void Delay(ComposeJob job, ImportBuilder b)
    {
        var j = job.Source;
        var step = job.Step;
        step["type"] = "wait";
        if (b.String(j, job.Path, "mode") == "specific-time")
        {
            var time = b.String(j, job.Path, "time", required: true, example: "time: \"2026-01-01T09:00:00\"");
            var zone = b.String(j, job.Path, "timezone");
            if (time is null)
            {
                return;
            }
            if (time.Contains("${", StringComparison.Ordinal))
            {
                // A time read from the input or another job: a wait until that instant (it must carry its offset).
                step["until"] = ComposeText.Text(time, ComposeScope.Workflow(), PathText.Key(job.Path, "time"), b);
                return;
            }
            var styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind;
            if (!DateTime.TryParse(time, CultureInfo.InvariantCulture, styles, out var parsed))
            {
                b.Error("BTN073", PathText.Key(job.Path, "time"), $"'{time}' is not a date and time.", "Write time: \"2026-01-01T09:00:00\" (with timezone: ..., or an offset).");
                return;
            }
            if (parsed.Kind != DateTimeKind.Unspecified)
            {
                // The time says its own offset (Z or +09:00): that instant, whatever the timezone.
                step["until"] = DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces).ToString("O", CultureInfo.InvariantCulture);
                return;
            }
            var offset = zone is null ? TimeSpan.Zero : TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var tz) ? tz.GetUtcOffset(parsed) : (TimeSpan?)null;
            if (offset is null)
            {
                b.Error("BTN073", PathText.Key(job.Path, "timezone"), $"'{zone}' is not a known time zone.", "Use an IANA name such as Asia/Seoul or Europe/Oslo.");
                return;
            }
            step["until"] = new DateTimeOffset(parsed, offset.Value).ToString("O", CultureInfo.InvariantCulture);
            return;
        }
        if (ComposeBindings.Seconds(j["duration"]) is { } duration)
        {
            step["duration"] = duration;
        }
        else
        {
            b.Error("BTN072", j.ContainsKey("duration") ? PathText.Key(job.Path, "duration") : job.Path, "A delay job needs its 'duration' (5s, 2m, or seconds).", "Add duration: 5s.");
        }
    }

    private static void Retry(ComposeJob job, ImportBuilder b)
    {
        var path = PathText.Key(job.Path, "retry");
        switch (job.Source["retry"])
        {
            case null:
                return;
            case JsonValue v when ImportText.Integer(v) is int attempts:
                job.Step["retry"] = new JsonObject { ["max_attempts"] = Math.Clamp(attempts, 1, 100) };
                return;
            case JsonObject r:
                b.OnlyKeys(r, path, "retry", "max_attempt_count", "delay", "backoff", "max_delay");
                var policy = new JsonObject { ["max_attempts"] = ImportText.Integer(r["max_attempt_count"]) is int count ? Math.Clamp(count, 1, 100) : 1 };
                if (ComposeBindings.Seconds(r["delay"]) is { } delay)
                {
                    policy["initial_delay"] = delay;
                }
                if (ComposeBindings.Seconds(r["max_delay"]) is { } max)
                {
                    policy["max_delay"] = max;
                }
                if (b.String(r, path, "backoff") is { } backoff)
                {
                    policy["backoff"] = backoff;
                }
                job.Step["retry"] = policy;
                return;
            default:
                b.Error("BTN073", path, "'retry' must be a number of attempts or a mapping.", "Write retry: 3, or retry: { max_attempt_count: 3, delay: 1s }.");
                return;
        }
    }
}
