using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Baton.Core.Definitions.Import;

/// <summary>Reads Keptn's <c>shipyard.yaml</c> (<c>apiVersion: spec.keptn.sh/0.2.x</c>, <c>kind: Shipyard</c>): stages,
/// their sequences of tasks, and <c>triggeredOn</c> links, as Keptn's shipyard-controller runs them.</summary>
/// <remarks>
/// <para>Each sequence becomes the workflow <c>&lt;stage&gt;.&lt;sequence&gt;</c>: its tasks run in order, one step each
/// (a task the catalog binds, such as an event task answered by a Keptn-style service). Each task's input is the
/// sequence's input, every earlier task's output and the task's <c>properties</c> under its own name, deep-merged,
/// with <c>stage</c> set. A task whose output says <c>result: fail</c> or <c>status: errored</c> ends the sequence;
/// <c>warning</c> goes on. The sequence's result is its last task's.</para>
/// <para>A sequence whose <c>triggeredOn</c> names <c>&lt;stage&gt;.&lt;sequence&gt;.finished</c> runs after that
/// sequence as a child workflow, with the data gathered so far and its own stage, when the selector matches: without
/// one, on pass or warning; with <c>match</c>, when the result equals <c>result</c> or the last task's
/// <c>&lt;task&gt;.result</c>. A failed linked sequence does not fail the one that started it.</para>
/// <para>Every stage has the sequence <c>evaluation</c> (the task <c>evaluation</c>) unless it defines its own. Unlike
/// Keptn, a shipyard with duplicate stage or sequence names, a link to an unknown sequence, or links that form a loop
/// is refused: each is ambiguous or never ends. Pure.</para>
/// </remarks>
public static partial class ShipyardImporter
{
    /// <summary>The format name diagnostics give.</summary>
    public const string Format = "Keptn shipyard";

    /// <summary>The id of the step that records a sequence's result.</summary>
    public const string ResultStep = "sequence-result";

    /// <summary>The step that publishes the sequence's <c>.started</c> lifecycle event, before its first task.</summary>
    public const string StartedStep = "sequence-started";

    /// <summary>The step that publishes the sequence's <c>.finished</c> lifecycle event, before its linked sequences.</summary>
    public const string FinishedStep = "sequence-finished";

    /// <summary>The step that fails the workflow, after <c>.finished</c> and the linked sequences, when a task failed outright.</summary>
    public const string ErroredStep = "sequence-errored";

    /// <summary>The built-in function that publishes lifecycle events.</summary>
    public const string PublishTask = "keptn-event";

    [GeneratedRegex(@"^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$", RegexOptions.CultureInvariant)]
    private static partial Regex StageName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PartName();

    [GeneratedRegex(@"^(spec\.keptn\.sh/)?0\.2(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiVersion();

    private sealed record Task(string Name, string Id, JsonNode? Properties, string Path, TimeSpan? After = null);

    private sealed record Link(string Event, JsonObject? Match, string Path)
    {
        /// <summary>Whether this link fires on the finish of <paramref name="workflow"/> (<c>&lt;stage&gt;.&lt;sequence&gt;</c>).</summary>
        public bool After(string workflow) => Event == workflow + ".finished";
    }

    private sealed record Sequence(string Stage, string Name, List<Task> Tasks, List<Link> Links, string Path)
    {
        public string Workflow => $"{Stage}.{Name}";
    }

    /// <summary>True for a document that says it is a shipyard (<c>kind: Shipyard</c>).</summary>
    public static bool IsShipyard(SourceDocument document) =>
        document?.Root is JsonObject root && root["kind"] is JsonValue kind && kind.TryGetValue<string>(out var k) && k == "Shipyard";

    /// <summary>True for a shipyard of Keptn's format before 0.2: a top-level <c>stages</c> list (with <c>deployment_strategy</c>,
    /// <c>test_strategy</c> and the like), no <c>apiVersion</c>, <c>kind</c> or <c>spec</c>.</summary>
    public static bool IsOldShipyard(SourceDocument document) =>
        document?.Root is JsonObject root && root["stages"] is JsonArray && !root.ContainsKey("apiVersion") && !root.ContainsKey("kind") && !root.ContainsKey("spec");

    /// <summary>The one problem an old shipyard has: its format, and how to write it as shipyard 0.2.</summary>
    public static Diagnostic OldShipyard(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new Diagnostic("BTN084", document.LocationOf("stages"), "stages",
            "This is a Keptn shipyard of the format before 0.2 (top-level 'stages' with deployment and test strategies), which Keptn itself no longer reads.",
            "Write it as shipyard 0.2: 'apiVersion: spec.keptn.sh/0.2.2', 'kind: Shipyard', 'metadata: { name: ... }' and 'spec: { stages: [ { name: dev, sequences: " +
            "[ { name: delivery, tasks: [ { name: deployment, properties: { deploymentstrategy: direct } }, { name: test }, { name: evaluation } ] } ] } ] }'; " +
            "each strategy becomes a task of the delivery sequence.");
    }

    /// <summary>Reads a shipyard into one native workflow per sequence.</summary>
    public static ShipyardImport Import(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var b = new ImportBuilder(document, Format);
        var root = (JsonObject)document.Root!;
        b.OnlyKeys(root, "", "shipyard", "apiVersion", "kind", "metadata", "spec");
        var api = b.String(root, "", "apiVersion", required: true, "apiVersion: spec.keptn.sh/0.2.2");
        if (api is not null && !ApiVersion().IsMatch(api))
        {
            b.Error("BTN084", "apiVersion", $"'{api}' is not a shipyard version Baton reads.", "Use 'apiVersion: spec.keptn.sh/0.2.x' (Keptn's shipyard 0.2).");
        }
        var name = root["metadata"] is JsonObject m ? b.String(m, "metadata", "name") ?? "shipyard" : "shipyard";
        var sequences = ReadStages(root, b);
        CheckLinks(sequences, b);
        if (b.Problems.Count > 0)
        {
            return new ShipyardImport(name, [], b.Problems);
        }
        var made = sequences.Select(s => Compile(s, sequences, document, name)).ToList();
        return new ShipyardImport(name, made, b.Problems);
    }

    private static List<Sequence> ReadStages(JsonObject root, ImportBuilder b)
    {
        var sequences = new List<Sequence>();
        if (root["spec"] is not JsonObject spec || spec["stages"] is not JsonArray stages || stages.Count == 0)
        {
            b.Error("BTN072", root["spec"] is JsonObject ? "spec" : "", "A shipyard needs at least one stage.",
                "Add 'spec: { stages: [ { name: dev, sequences: [ { name: delivery, tasks: [ { name: deployment } ] } ] } ] }'.");
            return sequences;
        }
        b.OnlyKeys(spec, "spec", "shipyard spec", "stages");
        var stageNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (stage, stagePath, stageName) in b.Entries(stages, "spec.stages", "stage", "name", "name", "sequences"))
        {
            if (!StageName().IsMatch(stageName))
            {
                b.Error("BTN085", PathText.Key(stagePath, "name"), $"'{stageName}' is not a stage name.", "Use lowercase letters, digits and '-', starting with a letter and not ending with '-' (Keptn's rule).");
            }
            if (!stageNames.Add(stageName))
            {
                b.Error("BTN074", PathText.Key(stagePath, "name"), $"The stage '{stageName}' is defined twice.", "Give each stage one entry.");
            }
            var own = new HashSet<string>(StringComparer.Ordinal);
            if (stage["sequences"] is JsonArray list)
            {
                foreach (var (seq, seqPath, seqName) in b.Entries(list, PathText.Key(stagePath, "sequences"), "sequence", "name", "name", "tasks", "triggeredOn"))
                {
                    CheckPart(b, PathText.Key(seqPath, "name"), seqName, "sequence");
                    if (!own.Add(seqName))
                    {
                        b.Error("BTN074", PathText.Key(seqPath, "name"), $"The sequence '{seqName}' is defined twice in stage '{stageName}'.", "Give each sequence of a stage its own name.");
                    }
                    sequences.Add(new Sequence(stageName, seqName, ReadTasks(seq, seqPath, b), ReadLinks(seq, seqPath, b), seqPath));
                }
            }
            if (!own.Contains("evaluation"))
            {
                // Keptn runs <stage>.evaluation in every stage: the lone task evaluation (its quality gate).
                sequences.Add(new Sequence(stageName, "evaluation", [new Task("evaluation", "evaluation", null, stagePath)], [], stagePath));
            }
        }
        return sequences;
    }

    private static List<Task> ReadTasks(JsonObject seq, string seqPath, ImportBuilder b)
    {
        var tasks = new List<Task>();
        if (seq["tasks"] is not JsonArray list || list.Count == 0)
        {
            b.Error("BTN072", seqPath, "A sequence needs at least one task.", "Add 'tasks: [ { name: deployment } ]'.");
            return tasks;
        }
        var used = new HashSet<string>(StringComparer.Ordinal) { ResultStep };
        foreach (var (task, taskPath, taskName) in b.Entries(list, PathText.Key(seqPath, "tasks"), "task", "name", "name", "properties", "triggeredAfter"))
        {
            CheckPart(b, PathText.Key(taskPath, "name"), taskName, "task");
            // triggeredAfter (shipyard 0.2): a delay before the task, which becomes a durable 'wait' step.
            TimeSpan? after = null;
            if (task.ContainsKey("triggeredAfter"))
            {
                var text = b.String(task, taskPath, "triggeredAfter");
                if (text is not null && Duration.TryParse(text, out var delay))
                {
                    after = delay;
                }
                else if (text is not null)
                {
                    b.Error("BTN073", PathText.Key(taskPath, "triggeredAfter"), $"'{text}' is not a delay Baton reads.",
                        $"Write units from larger to smaller, e.g. 10m, 1h30m or 1.5h (ms, s, m, h, d; at most {Duration.MaximumText}).");
                }
            }
            // A task may appear twice in a sequence (Keptn runs both); the second step gets a numbered id.
            var id = taskName;
            for (var n = 2; !used.Add(id); n++)
            {
                id = $"{taskName}-{n}";
            }
            tasks.Add(new Task(taskName, id, task["properties"], taskPath, after));
        }
        return tasks;
    }

    private static List<Link> ReadLinks(JsonObject seq, string seqPath, ImportBuilder b)
    {
        var links = new List<Link>();
        if (seq["triggeredOn"] is not JsonArray list)
        {
            return links;
        }
        for (var i = 0; i < list.Count; i++)
        {
            var path = PathText.Index(PathText.Key(seqPath, "triggeredOn"), i);
            if (list[i] is not JsonObject trigger)
            {
                b.Error("BTN073", path, "Each trigger must be a mapping.", "Write '- event: dev.delivery.finished'.");
                continue;
            }
            b.OnlyKeys(trigger, path, "trigger", "event", "selector");
            var ev = b.String(trigger, path, "event", required: true, "event: dev.delivery.finished");
            JsonObject? match = null;
            if (trigger["selector"] is JsonObject selector)
            {
                b.OnlyKeys(selector, PathText.Key(path, "selector"), "selector", "match");
                match = selector["match"] as JsonObject;
                foreach (var (key, value) in match ?? [])
                {
                    var at = PathText.Key(PathText.Key(PathText.Key(path, "selector"), "match"), key);
                    if (key != "result" && !(key.EndsWith(".result", StringComparison.Ordinal) && PartName().IsMatch(key[..^".result".Length])))
                    {
                        b.ErrorAtKey("BTN071", at, $"'{key}' is not a selector Baton reads.", "Match 'result' (the sequence's) or '<task>.result' (the sequence ended on that task with that result).");
                    }
                    if (value?.ToString() is not ("pass" or "warning" or "fail"))
                    {
                        b.Error("BTN073", at, $"'{value}' is not a result.", "Match pass, warning or fail.");
                    }
                }
            }
            if (ev is not null)
            {
                links.Add(new Link(ev, match, path));
            }
        }
        return links;
    }

    private static void CheckPart(ImportBuilder b, string path, string name, string what)
    {
        if (!PartName().IsMatch(name))
        {
            b.Error("BTN085", path, $"'{name}' is not a usable {what} name.", $"Use letters, digits, '_' and '-', starting with a letter (a '.' would split Keptn's event type).");
        }
    }

    /// <summary>Refuses links to sequences that do not exist and links that form a loop.</summary>
    private static void CheckLinks(List<Sequence> sequences, ImportBuilder b)
    {
        var byName = sequences.GroupBy(s => s.Workflow, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var s in sequences)
        {
            foreach (var link in s.Links)
            {
                var source = link.Event.EndsWith(".finished", StringComparison.Ordinal) ? link.Event[..^".finished".Length] : null;
                if (source is null || !byName.ContainsKey(source))
                {
                    b.Error("BTN075", PathText.Key(link.Path, "event"), $"'{link.Event}' is not the finish of a sequence in this shipyard.",
                        $"Write '<stage>.<sequence>.finished' naming one of: {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))}.");
                }
            }
        }
        // Loops are looked for even when the file has other problems, so every problem is reported at once (a link to an
        // unknown sequence follows nothing, so it cannot hide or make one).
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in sequences)
        {
            if (LoopFrom(s.Workflow, sequences, [], done) is { } loop)
            {
                b.Error("BTN086", s.Links.Count > 0 ? PathText.Key(s.Links[0].Path, "event") : s.Path,
                    $"The triggeredOn links form a loop: {string.Join(" -> ", loop)}.",
                    "Remove a link so every chain of sequences ends. To retry until an evaluation passes, use a Baton 'loop' step with max_iterations.");
                return;
            }
        }
        // Each link starts a run of its sequence, which starts its own links: count the runs one trigger can cause.
        var runs = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var s in sequences)
        {
            if (Runs(s.Workflow, sequences, runs) > MaxRunsPerTrigger)
            {
                b.Error("BTN087", s.Path, $"One run of '{s.Workflow}' would start more than {MaxRunsPerTrigger} sequence runs through its triggeredOn links.",
                    "Link fewer sequences to each other's finish; a chain of stages links each stage to the one before it.");
                return;
            }
        }
    }

    /// <summary>The most sequence runs one triggered sequence may cause through its links, itself included.</summary>
    public const int MaxRunsPerTrigger = 1_000;

    private static long Runs(string workflow, List<Sequence> sequences, Dictionary<string, long> memo)
    {
        if (memo.TryGetValue(workflow, out var known))
        {
            return known;
        }
        var total = 1L;
        foreach (var follower in Followers(workflow, sequences))
        {
            total += follower.Links.Count(l => l.After(workflow)) * Runs(follower.Workflow, sequences, memo);
            total = Math.Min(total, MaxRunsPerTrigger + 1L);
        }
        memo[workflow] = total;
        return total;
    }

    private static IReadOnlyList<Sequence> Followers(string workflow, List<Sequence> sequences) =>
        sequences.Where(s => s.Links.Any(l => l.After(workflow))).ToList();

    /// <summary>A loop reachable from <paramref name="workflow"/>, or null; sequences in <paramref name="done"/> are
    /// known to reach no loop and are not walked again, so a shipyard with many links is checked in linear time.</summary>
    private static List<string>? LoopFrom(string workflow, List<Sequence> sequences, List<string> chain, HashSet<string> done)
    {
        if (chain.Contains(workflow, StringComparer.Ordinal))
        {
            return [.. chain.SkipWhile(c => c != workflow), workflow];
        }
        if (done.Contains(workflow))
        {
            return null;
        }
        chain.Add(workflow);
        foreach (var next in Followers(workflow, sequences))
        {
            if (LoopFrom(next.Workflow, sequences, chain, done) is { } loop)
            {
                return loop;
            }
        }
        chain.RemoveAt(chain.Count - 1);
        done.Add(workflow);
        return null;
    }

    private static ShipyardSequence Compile(Sequence s, List<Sequence> all, SourceDocument document, string shipyard)
    {
        var b = new ImportBuilder(document, Format);
        var (root, spec) = Importers.Skeleton(b, s.Workflow, PathText.Key(s.Path, "name"), $"Stage {s.Stage}, sequence {s.Name} of the shipyard {shipyard}.");
        b.Map("metadata.name", s.Path);
        var fixedParts = new JsonObject();
        spec["variables"] = new JsonObject { ["shipyard"] = fixedParts };
        var steps = new JsonArray();
        fixedParts[StartedStep] = new JsonObject { ["stage"] = s.Stage };
        steps.Add(Publish(StartedStep, $"sh.keptn.event.{s.Workflow}.started", $"${{merge(input, variables.shipyard.{StartedStep})}}", null));
        b.Map($"spec.steps[{steps.Count - 1}]", s.Path);
        var earlier = new List<string>();
        Task? previous = null;
        foreach (var task in s.Tasks)
        {
            var part = new JsonObject { ["stage"] = s.Stage };
            if (task.Properties is not null)
            {
                part[task.Name] = task.Properties.DeepClone();
            }
            fixedParts[task.Id] = part;
            // A task that fails outright does not stop the workflow at once: the sequence still reports .finished
            // (status errored) and runs the sequences linked to a failure; ErroredStep fails the workflow after them.
            var step = new JsonObject
            {
                ["id"] = task.Id,
                ["task"] = task.Name,
                ["input"] = "${merge(" + string.Join(", ", ["input", .. earlier.Select(e => $"steps.{e}.output"), $"variables.shipyard.{task.Id}"]) + ")}",
                ["depends_on"] = new JsonArray(previous?.Id ?? StartedStep),
                ["on_failure"] = "continue",
            };
            if (previous is not null)
            {
                step["condition"] = $"${{{GoesOn(previous.Id)}}}";
            }
            if (task.After is { } after)
            {
                // The delay is a durable timer: a restart in the middle of it loses nothing.
                var wait = new JsonObject
                {
                    ["id"] = $"{task.Id}-triggered-after",
                    ["type"] = "wait",
                    ["duration"] = Duration.Format(after),
                    ["depends_on"] = step["depends_on"]!.DeepClone(),
                };
                if (step["condition"] is { } condition)
                {
                    wait["condition"] = condition.DeepClone();
                }
                b.Map($"spec.steps[{steps.Count}]", task.Path);
                steps.Add(wait);
                step["depends_on"] = new JsonArray(wait["id"]!.GetValue<string>());
            }
            b.Map($"spec.steps[{steps.Count}]", task.Path);
            steps.Add(step);
            earlier.Add(task.Id);
            previous = task;
        }
        var last = s.Tasks[^1].Id;
        fixedParts[ResultStep] = new JsonObject { ["stage"] = s.Stage };
        steps.Add(new JsonObject
        {
            ["id"] = ResultStep,
            ["type"] = "set",
            ["depends_on"] = new JsonArray(last),
            ["input"] = new JsonObject
            {
                ["result"] = $"${{{LastRan(s.Tasks, t => $"coalesce(steps.{t.Id}.output.result, 'pass')", _ => "'fail'", "'pass'")}}}",
                ["status"] = $"${{{LastRan(s.Tasks, t => $"coalesce(steps.{t.Id}.output.status, 'succeeded')", _ => "'errored'", "'succeeded'")}}}",
                ["last_task"] = $"${{{LastRan(s.Tasks, t => $"'{t.Name}'", t => $"'{t.Name}'", "null")}}}",
                ["error"] = $"${{{LastRan(s.Tasks, _ => "null", t => $"steps.{t.Id}.error.message", "null")}}}",
                ["data"] = "${merge(" + string.Join(", ", ["input", .. earlier.Select(e => $"steps.{e}.output"), $"variables.shipyard.{ResultStep}"]) + ")}",
            },
        });
        b.Map($"spec.steps[{steps.Count - 1}]", s.Path);
        var finished = Publish(FinishedStep, $"sh.keptn.event.{s.Workflow}.finished", $"${{steps.{ResultStep}.output.data}}", ResultStep);
        finished["input"]!["result"] = $"${{steps.{ResultStep}.output.result}}";
        finished["input"]!["status"] = $"${{steps.{ResultStep}.output.status}}";
        steps.Add(finished);
        b.Map($"spec.steps[{steps.Count - 1}]", s.Path);
        var triggered = new JsonObject();
        var triggers = new List<string>();
        foreach (var follower in Followers(s.Workflow, all))
        {
            foreach (var link in follower.Links.Where(l => l.After(s.Workflow)))
            {
                var id = $"then-{follower.Stage}-{follower.Name}";
                for (var n = 2; steps.Any(x => x!["id"]!.GetValue<string>() == id); n++)
                {
                    id = $"then-{follower.Stage}-{follower.Name}-{n}";
                }
                fixedParts[id] = new JsonObject { ["stage"] = follower.Stage };
                steps.Add(new JsonObject
                {
                    ["id"] = id,
                    ["type"] = "workflow",
                    ["workflow"] = follower.Workflow,
                    ["depends_on"] = new JsonArray(FinishedStep),
                    ["condition"] = Selector(link.Match),
                    ["on_failure"] = "continue",
                    ["input"] = $"${{merge(steps.{ResultStep}.output.data, variables.shipyard.{id})}}",
                });
                b.Map($"spec.steps[{steps.Count - 1}]", link.Path);
                triggered[id] = new JsonObject
                {
                    ["sequence"] = follower.Workflow,
                    ["status"] = $"${{steps.{id}.status}}",
                    ["result"] = $"${{steps.{id}.output.result}}",
                };
                triggers.Add(follower.Workflow);
            }
        }
        steps.Add(new JsonObject
        {
            ["id"] = ErroredStep,
            ["type"] = "fail",
            ["depends_on"] = new JsonArray([FinishedStep, .. triggered.Select(t => (JsonNode?)t.Key)]),
            ["condition"] = $"${{steps.{ResultStep}.output.status == 'errored'}}",
            ["message"] = $"${{'The task ' + steps.{ResultStep}.output.last_task + ' failed: ' + coalesce(steps.{ResultStep}.output.error, 'no message')}}",
        });
        b.Map($"spec.steps[{steps.Count - 1}]", s.Path);
        spec["steps"] = steps;
        spec["output"] = new JsonObject
        {
            ["mapping"] = new JsonObject
            {
                ["sequence"] = s.Workflow,
                ["result"] = $"${{steps.{ResultStep}.output.result}}",
                ["status"] = $"${{steps.{ResultStep}.output.status}}",
                ["last_task"] = $"${{steps.{ResultStep}.output.last_task}}",
                ["data"] = $"${{steps.{ResultStep}.output.data}}",
                ["triggered"] = triggered,
            },
        };
        return new ShipyardSequence(s.Workflow, b.Build(root), triggers);
    }

    /// <summary>Whether the sequence goes on after a task: it ran, and did not end in fail or errored.</summary>
    private static string GoesOn(string id) =>
        $"steps.{id}.status == 'succeeded' && coalesce(steps.{id}.output.result, 'pass') != 'fail' && coalesce(steps.{id}.output.status, 'succeeded') != 'errored'";

    /// <summary>An expression giving <paramref name="succeeded"/> or <paramref name="failed"/> of the last task that ran
    /// (tasks after a failed one are skipped), or <paramref name="none"/>.</summary>
    private static string LastRan(List<Task> tasks, Func<Task, string> succeeded, Func<Task, string> failed, string none) =>
        tasks.Aggregate(none, (rest, t) =>
            $"steps.{t.Id}.status == 'succeeded' ? {succeeded(t)} : (steps.{t.Id}.status == 'failed' ? {failed(t)} : ({rest}))");

    /// <summary>A step that publishes a lifecycle event with the built-in <see cref="PublishTask"/>; a publishing
    /// failure (after five attempts) is recorded and does not stop the sequence.</summary>
    private static JsonObject Publish(string id, string type, string data, string? after)
    {
        var step = new JsonObject
        {
            ["id"] = id,
            ["task"] = PublishTask,
            ["input"] = new JsonObject { ["type"] = type, ["data"] = data },
            ["retry"] = new JsonObject { ["max_attempts"] = 5, ["backoff"] = "exponential", ["initial_delay"] = "1s", ["max_delay"] = "30s" },
            ["on_failure"] = "continue",
        };
        if (after is not null)
        {
            step["depends_on"] = new JsonArray(after);
        }
        return step;
    }

    /// <summary>Keptn's selector: none gives pass or warning; <c>match</c> gives <c>result</c> or <c>&lt;last task&gt;.result</c>.</summary>
    private static string Selector(JsonObject? match)
    {
        const string Result = $"steps.{ResultStep}.output.result";
        if (match is null)
        {
            return $"${{{Result} == 'pass' || {Result} == 'warning'}}";
        }
        var terms = new List<string>();
        foreach (var (key, value) in match)
        {
            var wanted = $"'{value}'";
            if (key == "result")
            {
                terms.Add($"{Result} == {wanted}");
            }
            else if (key.EndsWith(".result", StringComparison.Ordinal))
            {
                terms.Add($"(steps.{ResultStep}.output.last_task == '{key[..^".result".Length]}' && {Result} == {wanted})");
            }
        }
        return terms.Count == 0 ? "${false}" : $"${{{string.Join(" || ", terms)}}}";
    }
}
