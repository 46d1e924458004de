using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>Model-compose files (seed 004) as its reference and its users write them: <c>component</c>/<c>components</c>,
/// <c>workflow</c>/<c>workflows</c> of <c>job</c>/<c>jobs</c>, and the sections around them.</summary>
/// <remarks>A job becomes steps (<see cref="ComposeJobs"/>); <c>${jobs.X...}</c> reads <c>${steps.X...}</c> (<see cref="ComposeText"/>),
/// and a job that reads another waits for it. Without an <c>output</c>, the workflow's output is its terminal job's (the jobs no
/// other depends on, routing jobs aside), several merged as objects. A file with several workflows converts the one marked
/// <c>default: true</c> (else the first), or the one asked for; <see cref="WorkflowIds"/> lists them. Sections Baton has no use for
/// (<c>listener</c>, <c>gateway</c>, <c>system</c>, <c>tracer</c>, <c>logger</c>, <c>webui</c>, and the controller, whose port and
/// base path are <c>baton serve</c>'s own settings) are ignored with a warning each.</remarks>
internal static class ComposeImporter
{
    private static readonly string[] RootKeys = ["controller", "component", "components", "workflow", "workflows", "listener", "listeners", "gateway", "gateways",
        "system", "systems", "tracer", "tracers", "logger", "loggers", "webui"];

    private static readonly string[] WorkflowKeys = ["id", "name", "title", "description", "variables", "metadata", "jobs", "job", "output", "default", "private", "input"];

    public static (JsonNode?, JsonObject?) Import(JsonObject root, ImportBuilder b, string? workflowId = null)
    {
        b.OnlyKeys(root, "", "model-compose", RootKeys);
        Sections(root, b);
        var components = ComposeComponents.Read(root, b);
        var workflows = Workflows(root);
        foreach (var (wf, _, id) in workflows)
        {
            components.WorkflowNames[id] = NameOf(id, wf["title"]?.ToString());
        }
        if (workflows.Count == 0)
        {
            if (root.ContainsKey("workflow") || root.ContainsKey("workflows") || !root.ContainsKey("components") && !root.ContainsKey("component"))
            {
                b.Error("BTN072", root.ContainsKey("workflows") ? "workflows" : "", "A model-compose file needs a workflow: 'workflow: { jobs: [...] }' or 'workflows: [ { id, jobs } ]'.",
                    "Add workflow: { job: { component: my-component, input: ${input} } }.");
                return (null, null);
            }
            // A file of components only: a catalog for other files' jobs.
            return (null, b.Problems.Count == 0 ? Catalog(components, "components") : null);
        }
        var byDefault = workflows.FirstOrDefault(w => ImportText.IsDefault(w.Workflow)) is { Workflow: not null } marked ? marked : workflows[0];
        components.WorkflowNames["__default__"] = components.WorkflowNames[byDefault.Id];
        var chosen = workflowId is null ? byDefault : workflows.FirstOrDefault(w => w.Id == workflowId || components.WorkflowNames[w.Id] == workflowId);
        if (chosen.Workflow is null)
        {
            b.Error("BTN075", "workflows", $"The file has no workflow '{workflowId}'.", $"Choose one of: {string.Join(", ", workflows.Select(w => components.WorkflowNames[w.Id]))}.");
            return (null, null);
        }
        components.Workflow = components.WorkflowNames[chosen.Id];
        var doc = Workflow(chosen.Workflow, chosen.Path, components.WorkflowNames[chosen.Id], components, b);
        return b.Problems.Count == 0 ? (doc, components.Tasks.Count == 0 ? null : Catalog(components, components.WorkflowNames[chosen.Id])) : (null, null);
    }

    /// <summary>The ids of a model-compose file's workflows (<c>__workflow__</c> for one without an id), in the file's order.</summary>
    public static IReadOnlyList<string> WorkflowIds(JsonObject root) => [.. Workflows(root).Select(w => NameOf(w.Id, w.Workflow["title"]?.ToString()))];

    /// <summary>A native workflow name for a model-compose workflow id (or its title, for the default id).</summary>
    public static string NameOf(string id, string? title)
    {
        foreach (var candidate in new[] { id, ImportText.Kebab(id), title is null ? "" : ImportText.Kebab(title) })
        {
            if (candidate.Length > 0 && Names.IsValidName(candidate) && candidate != "workflow")
            {
                return candidate;
            }
        }
        return "workflow";
    }

    private static List<(JsonObject Workflow, string Path, string Id)> Workflows(JsonObject root)
    {
        var found = new List<(JsonObject, string, string)>();
        if (root["workflow"] is JsonObject single)
        {
            found.Add((single, "workflow", Id(single) ?? "__workflow__"));
        }
        if (root["workflows"] is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is JsonObject wf)
                {
                    found.Add((wf, PathText.Index("workflows", i), Id(wf) ?? (list.Count == 1 ? "__workflow__" : $"workflow-{i + 1}")));
                }
            }
        }
        return found;
        static string? Id(JsonObject o) => o["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    private static JsonObject Workflow(JsonObject workflow, string wfPath, string name, ComposeComponents.Result components, ImportBuilder b)
    {
        b.OnlyKeys(workflow, wfPath, "workflow", WorkflowKeys);
        var (doc, spec) = Importers.Skeleton(b, name, workflow.ContainsKey("id") ? PathText.Key(wfPath, "id") : wfPath,
            b.String(workflow, wfPath, "description") ?? b.String(workflow, wfPath, "title"));
        var notes = new List<ComposeScope.Note>();
        Variables(workflow, wfPath, spec, b);
        var jobs = ComposeJobsList(workflow, wfPath, b);
        var byId = new Dictionary<string, ComposeJob>(StringComparer.Ordinal);
        foreach (var job in jobs.Where(j => !byId.TryAdd(j.Id, j)))
        {
            b.Error("BTN074", job.Path, $"Two jobs are both called '{job.Id}'.", "Give each job its own id.");
        }
        // What each job's readers read is known before any job is converted: a chain's end, or a fallback.
        var outputs = jobs.Select(j => (j.Id, Expr: ComposeAround.ReaderOutput(j))).Where(j => j.Expr is not null).DistinctBy(j => j.Id)
            .ToDictionary(j => j.Id, j => j.Expr!, StringComparer.Ordinal);
        var scope = ComposeScope.Workflow(notes);
        foreach (var job in jobs)
        {
            var reads = new HashSet<string>(StringComparer.Ordinal);
            ComposeJobs.Convert(job, new ComposeScope(scope.Roots, notes, reads) { JobOutputs = outputs, JobIds = byId.Keys.ToHashSet(StringComparer.Ordinal), Members = scope.Members }, components, b);
            job.DependsOn.AddRange(reads.Where(r => r != job.Id));
        }
        ComposeGraph.Wire(jobs, byId, b);
        var steps = new JsonArray();
        foreach (var job in jobs)
        {
            foreach (var step in job.Steps)
            {
                MapStep(b, PathText.Index("spec.steps", steps.Count), job, step == job.Step);
                steps.Add(step);
            }
        }
        spec["steps"] = steps;
        b.Map("spec.steps", workflow.ContainsKey("jobs") ? PathText.Key(wfPath, "jobs") : PathText.Key(wfPath, "job"));
        var outputScope = new ComposeScope(scope.Roots, notes) { JobOutputs = outputs, JobIds = byId.Keys.ToHashSet(StringComparer.Ordinal), Members = scope.Members };
        if (workflow["output"] is { } output)
        {
            spec["output"] = new JsonObject { ["mapping"] = ComposeText.Value(output, outputScope, PathText.Key(wfPath, "output"), b) };
            b.MapTree("spec.output.mapping", PathText.Key(wfPath, "output"), output);
        }
        else if (ComposeGraph.DefaultOutput(jobs) is { } mapping)
        {
            spec["output"] = new JsonObject { ["mapping"] = mapping };
        }
        if (InputSchema(notes) is { } schema)
        {
            spec["input"] = new JsonObject { ["schema"] = schema };
        }
        return doc;
    }

    // A native step's keys point at the job's keys they came from, so a problem found in the native workflow is shown in the file.
    private static void MapStep(ImportBuilder b, string native, ComposeJob job, bool own)
    {
        b.Map(native, job.Path);
        if (!own)
        {
            return;
        }
        var j = job.Source;
        foreach (var (key, from) in new[] { ("id", "id"), ("task", "component"), ("workflow", "component"), ("type", "type"), ("depends_on", "depends_on"), ("retry", "retry"),
            ("on_failure", "on_error"), ("condition", "condition"), ("items", "input"), ("do", "do"), ("duration", "duration"), ("cases", j.ContainsKey("cases") ? "cases" : "conditions") })
        {
            b.Map(PathText.Key(native, key), j.ContainsKey(from) ? PathText.Key(job.Path, from) : job.Path);
        }
        foreach (var key in new[] { "input", "output" })
        {
            if (j[key] is { } node)
            {
                b.MapTree(PathText.Key(native, key), PathText.Key(job.Path, key), node);
            }
        }
    }

    private static List<ComposeJob> ComposeJobsList(JsonObject workflow, string wfPath, ImportBuilder b)
    {
        if (workflow["job"] is JsonObject single)
        {
            b.OnlyKeys(single, PathText.Key(wfPath, "job"), "job", ComposeJobs.Keys);
            return [new ComposeJob(b.String(single, PathText.Key(wfPath, "job"), "id") ?? "__job__", PathText.Key(wfPath, "job"), single)];
        }
        var jobsPath = PathText.Key(wfPath, "jobs");
        if (workflow["jobs"] is not JsonArray list || list.Count == 0)
        {
            b.Error("BTN072", workflow.ContainsKey("jobs") ? jobsPath : wfPath, "A workflow needs a 'job' or a non-empty list of 'jobs'.",
                "Add job: { component: my-component, input: ${input} }.");
            return [];
        }
        var jobs = new List<ComposeJob>();
        for (var i = 0; i < list.Count; i++)
        {
            var path = PathText.Index(jobsPath, i);
            if (list[i] is not JsonObject j)
            {
                b.Error("BTN073", path, "Each job must be a mapping.", "Write { id: ..., component: ... }.");
                continue;
            }
            b.OnlyKeys(j, path, "job", ComposeJobs.Keys);
            jobs.Add(new ComposeJob(b.String(j, path, "id") ?? (list.Count == 1 ? "__job__" : $"job-{i + 1}"), path, j));
        }
        return jobs;
    }

    // The workflow's variables and metadata (the seed documents read both by name) are Baton's variables.
    private static void Variables(JsonObject workflow, string wfPath, JsonObject spec, ImportBuilder b)
    {
        var vars = new JsonObject();
        foreach (var key in new[] { "metadata", "variables" })
        {
            if (workflow[key] is JsonObject values)
            {
                foreach (var (variable, value) in values)
                {
                    vars[variable] = ImportText.RenameRoot(ImportText.RenameRoot(value, "jobs", "steps"), "metadata", "variables");
                    b.MapTree(PathText.Key("spec.variables", variable), PathText.Key(PathText.Key(wfPath, key), variable), value);
                }
            }
        }
        if (vars.Count > 0)
        {
            spec["variables"] = vars;
        }
    }

    // What the interpolations said of the input's fields: each field with a description gets one in the schema.
    private static JsonObject? InputSchema(List<ComposeScope.Note> notes)
    {
        var properties = new JsonObject();
        foreach (var note in notes.Where(n => n.Description is not null && !n.Field.Contains('.', StringComparison.Ordinal)).DistinctBy(n => n.Field))
        {
            properties[note.Field] = new JsonObject { ["description"] = note.Description };
        }
        // No type: a run without input (null) is as valid as in model-compose; the properties describe an object input.
        return properties.Count == 0 ? null : new JsonObject { ["properties"] = properties };
    }

    // Sections outside the workflows: one warning line each, never a refusal.
    private static void Sections(JsonObject root, ImportBuilder b)
    {
        foreach (var (key, _) in root.Where(p => p.Key is not ("component" or "components" or "workflow" or "workflows") && RootKeys.Contains(p.Key)))
        {
            b.Warning("BTN071", key, key == "controller" ? Controller(root["controller"] as JsonObject)
                : $"The '{key}' section is not imported: Baton has no use for it.", "Remove it, or keep it for model-compose; Baton ignores it.");
        }
    }

    // What serves the controller's routes in Baton: 'baton serve' on the controller's port, its API under /api.
    private static string Controller(JsonObject? controller)
    {
        var adapter = controller?["adapter"] as JsonObject ?? controller;
        var port = ImportText.Integer(adapter?["port"]) ?? 8080;
        var basePath = adapter?["base_path"]?.ToString() ?? "";
        return $"The controller is not imported: serve the workflows with 'baton serve --urls http://127.0.0.1:{port}'" +
            (basePath is "" or "/api" ? ", whose API is under /api as the controller's was." : $", whose API is under /api (the controller's was under {basePath}).");
    }

    private static JsonObject Catalog(ComposeComponents.Result components, string name) => new()
    {
        ["apiVersion"] = DefinitionLoader.ApiVersion,
        ["kind"] = "Catalog",
        ["metadata"] = new JsonObject { ["name"] = name, ["version"] = "1" },
        ["tasks"] = components.Tasks.DeepClone(),
    };
}
