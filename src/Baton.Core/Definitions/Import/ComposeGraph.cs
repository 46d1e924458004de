using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>The jobs' steps wired into one graph: each chain in order, each job after the jobs it depends on or reads, routing
/// jobs as switches over their targets, and the workflow's default output.</summary>
internal static class ComposeGraph
{
    public static void Wire(List<ComposeJob> jobs, IReadOnlyDictionary<string, ComposeJob> byId, ImportBuilder b)
    {
        ComposeLoops.Fold(jobs, byId, b);
        foreach (var job in jobs)
        {
            // on_error's 'to' goes to the start of the target's chain (its before-interrupt or hook, when it has one).
            if (job.Step["on_failure"] is JsonObject { } onFailure && onFailure["goto"]?.ToString() is { } to && byId.TryGetValue(to, out var target))
            {
                onFailure["goto"] = target.Entry["id"]!.GetValue<string>();
            }
            if (job.IsRouter)
            {
                ComposeRouting.Wire(job, byId, b);
            }
            var after = new List<string>();
            foreach (var (dep, at) in Declared(job, b).Concat(job.DependsOn.Select(d => (d, job.Path))))
            {
                if (dep == job.Id)
                {
                    continue;
                }
                if (!byId.TryGetValue(dep, out var other))
                {
                    b.Error("BTN075", at, $"'{dep}' is not a job of this workflow.", $"Use the id of a job. {Suggest.Hint(dep, byId.Keys, "Jobs")}");
                    continue;
                }
                after.AddRange(other.IsRouter ? [other.Id] : other.Finals);
            }
            if (after.Count > 0)
            {
                job.Entry["depends_on"] = Ids(after);
            }
            // Inside a chain each step waits for the one before it; an on_error fallback is reached by its goto instead.
            var chain = job.Steps.Where(s => s["id"]!.GetValue<string>() != job.Sub("on-error")).ToList();
            for (var i = 1; i < chain.Count; i++)
            {
                chain[i]["depends_on"] = Ids([chain[i - 1]["id"]!.GetValue<string>()]);
            }
        }
    }

    /// <summary>The workflow's output when it gives none: its terminal jobs' outputs (the jobs no other job depends on, routing
    /// jobs aside), merged as objects when there are several (the one that ran, as it is, when the others were skipped); null
    /// when there is none.</summary>
    public static string? DefaultOutput(List<ComposeJob> jobs)
    {
        var depended = jobs.SelectMany(j => j.Declared).ToHashSet(StringComparer.Ordinal);
        var terminals = jobs.Where(j => !j.IsRouter && !depended.Contains(j.Id)).Select(j => j.OutputExpression ?? $"{ComposeJob.Ref(j.Id)}.output").ToList();
        return terminals.Count switch
        {
            0 => null,
            1 => "${" + terminals[0] + "}",
            // Several: joined as model-compose joins them (objects merged), and the one that ran as it is when the others were
            // branches not taken (null).
            _ => "${flatten([" + string.Join(", ", terminals) + "])}",
        };
    }

    private static IEnumerable<(string Id, string Path)> Declared(ComposeJob job, ImportBuilder b)
    {
        var path = PathText.Key(job.Path, "depends_on");
        switch (job.Source["depends_on"])
        {
            case null:
                yield break;
            case JsonValue v when v.TryGetValue<string>(out var one):
                yield return (one, path);
                yield break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonValue item && item.TryGetValue<string>(out var id))
                    {
                        yield return (id, PathText.Index(path, i));
                    }
                    else
                    {
                        b.Error("BTN077", PathText.Index(path, i), "A group in depends_on (run after any one of these jobs) has no Baton equivalent.",
                            "Depend on each job, or route to this job from each of them.");
                    }
                }
                yield break;
            default:
                b.Error("BTN073", path, "'depends_on' must be a list of job ids.", "Write depends_on: [ first-job ].");
                yield break;
        }
    }

    private static JsonArray Ids(IEnumerable<string> ids) => new([.. ids.Distinct(StringComparer.Ordinal).Select(i => (JsonNode?)JsonValue.Create(i))]);
}
