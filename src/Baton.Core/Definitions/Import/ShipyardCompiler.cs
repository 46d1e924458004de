using System.Text.Json.Nodes;
using static Baton.Core.Definitions.Import.ShipyardImporter;
using Task = Baton.Core.Definitions.Import.ShipyardImporter.Task;

namespace Baton.Core.Definitions.Import;

/// <summary>Compiles one shipyard sequence into its native workflow: lifecycle events around its tasks, the result step,
/// the linked sequences as child workflows, and the step that fails the workflow when a task failed outright.</summary>
internal static class ShipyardCompiler
{
    public static ShipyardSequence Compile(Sequence s, List<Sequence> all, SourceDocument document, string shipyard)
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
        foreach (var follower in ShipyardLinks.Followers(s.Workflow, all))
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
