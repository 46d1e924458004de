using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>Model-compose's loops: a routing job that routes back to the job it follows (polling until a state is reached,
/// paging until there is no next page, trying again until it works) as a native <c>loop</c> step.</summary>
/// <remarks>model-compose runs a routed-to job again when it already ran. When the job routed back to is the one the routing job
/// reads or depends on, and it is a plain component job, that job becomes a <c>loop</c> running its task until the routing job
/// would route elsewhere (its conditions read each run's output as <c>last</c>), at most its <c>max_run_count</c> times (25 by
/// default, as model-compose's), after which the loop fails (<c>LoopLimitReached</c>), as model-compose fails the job. The job's
/// input reads its own previous output as <c>last</c> (null on the first run), so a page can ask for the next one; readers of
/// the job read its last run's output; the routing job then routes on that, out of the loop. Routing back over several jobs is
/// refused, and so is a loop whose check would read the job's output mapping, status or error (a run's check reads its result).</remarks>
internal static class ComposeLoops
{
    public static void Fold(List<ComposeJob> jobs, IReadOnlyDictionary<string, ComposeJob> byId, ImportBuilder b)
    {
        foreach (var router in jobs.Where(j => j.IsRouter))
        {
            var back = router.Routes.Select(r => r.Target).Append(router.Otherwise).OfType<string>()
                .Where(t => byId.ContainsKey(t) && Upstream(router, byId).Contains(t)).Distinct(StringComparer.Ordinal).ToList();
            foreach (var target in back)
            {
                var body = byId[target];
                if (!router.DependsOn.Contains(target) && !router.Declared.Contains(target) || body.Before.Count + body.After.Count > 0 || body.Step["task"] is null)
                {
                    b.Error("BTN077", router.Path, $"Routing job '{router.Id}' routes back to '{target}', which repeats a chain of jobs; Baton repeats one job at a time.",
                        $"Route back to the one job '{router.Id}' follows, or write the loop as a loop step over one task.");
                    continue;
                }
                var own = ComposeJob.Ref(body.Id);
                if (body.Step["output"] is not null || router.Routes.Any(r => r.When.Contains(own + ".status", StringComparison.Ordinal) || r.When.Contains(own + ".error", StringComparison.Ordinal)))
                {
                    // Each run's check reads the task's own result (last); a mapped output, a status or an error is not there.
                    b.Error("BTN077", router.Path, $"Routing job '{router.Id}' loops over '{target}' reading {(body.Step["output"] is null ? "its status or error" : "its output mapping")}, which a loop's check cannot read per run.",
                        $"Route on what '{target}''s component returns (its result, without an output mapping on the job).");
                    continue;
                }
                Loop(router, body);
            }
        }
    }

    private static void Loop(ComposeJob router, ComposeJob body)
    {
        var own = $"{ComposeJob.Ref(body.Id)}.output";
        string Last(string expression) => expression.Replace(own, "last", StringComparison.Ordinal);
        // Another run when the routing job, reading this run's output, would choose the job again.
        var again = router.Otherwise == body.Id ? "true" : "false";
        for (var i = router.Routes.Count - 1; i >= 0; i--)
        {
            var (when, target) = router.Routes[i];
            again = $"({Last(when)}) ? {(target == body.Id ? "true" : "false")} : ({again})";
        }
        var step = body.Step;
        var task = step["task"]!.GetValue<string>();
        var input = step["input"];
        step.Remove("task");
        step.Remove("input");
        step["type"] = "loop";
        step["max_iterations"] = ImportText.Integer(body.Source["max_run_count"]) is int max ? Math.Clamp(max, 1, 10_000) : 25;
        step["until"] = "${!(" + again + ")}";
        step["do"] = new JsonObject { ["task"] = task, ["input"] = ImportText.MapStrings(input, Last) };
        // Readers of the job read its last run.
        step["output"] = "${output[len(output) - 1]}";
        router.Routes.RemoveAll(r => r.Target == body.Id);
        if (router.Otherwise == body.Id)
        {
            router.Otherwise = null;
        }
    }

    private static HashSet<string> Upstream(ComposeJob job, IReadOnlyDictionary<string, ComposeJob> byId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<ComposeJob>([job]);
        while (stack.TryPop(out var next))
        {
            foreach (var dep in next.DependsOn.Concat(next.Declared).Where(d => byId.ContainsKey(d) && seen.Add(d)))
            {
                stack.Push(byId[dep]);
            }
        }
        return seen;
    }
}
