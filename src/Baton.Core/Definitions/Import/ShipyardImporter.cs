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

    /// <summary>The most sequence runs one triggered sequence may cause through its links, itself included.</summary>
    public const int MaxRunsPerTrigger = 1_000;

    /// <summary>The built-in function that publishes lifecycle events.</summary>
    public const string PublishTask = "keptn-event";

    [GeneratedRegex(@"^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$", RegexOptions.CultureInvariant)]
    private static partial Regex StageName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PartName();

    [GeneratedRegex(@"^(spec\.keptn\.sh/)?0\.2(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiVersion();

    internal sealed record Task(string Name, string Id, JsonNode? Properties, string Path, TimeSpan? After = null);

    internal sealed record Link(string Event, JsonObject? Match, string Path)
    {
        /// <summary>Whether this link fires on the finish of <paramref name="workflow"/> (<c>&lt;stage&gt;.&lt;sequence&gt;</c>).</summary>
        public bool After(string workflow) => Event == workflow + ".finished";
    }

    internal sealed record Sequence(string Stage, string Name, List<Task> Tasks, List<Link> Links, string Path)
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
        ShipyardLinks.Check(sequences, b);
        if (b.Problems.Count > 0)
        {
            return new ShipyardImport(name, [], b.Problems);
        }
        var made = sequences.Select(s => ShipyardCompiler.Compile(s, sequences, document, name)).ToList();
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

}
