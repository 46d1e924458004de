using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>Seed 004's model-compose files: <c>components</c> and one workflow of <c>jobs</c>.</summary>
/// <remarks>A job becomes a step whose task is its component's id; <c>${jobs.X...}</c> reads <c>${steps.X...}</c>;
/// <c>on_error: continue</c> is <c>on_failure: continue</c>; a component's <c>retry</c> applies to each job that uses it. A
/// job that reads another job's result depends on it even when <c>depends_on</c> does not say so. A <c>type: if</c> job
/// is routed by <see cref="ComposeBranches"/>. The workflow's <c>variables</c> and <c>output</c> carry over.</remarks>
internal static class ComposeImporter
{
    private static readonly string[] RootKeys = ["controller", "components", "workflow", "workflows"];
    private static readonly string[] WorkflowKeys = ["id", "name", "title", "description", "variables", "metadata", "jobs", "output"];
    private static readonly string[] JobKeys = ["id", "name", "description", "type", "component", "input", "depends_on", "condition", "on_error", "conditions"];

    /// <summary>One job as read, before branches are wired.</summary>
    internal sealed class Job(string id, string path, JsonObject native)
    {
        public string Id { get; } = id;

        public string Path { get; } = path;

        public JsonObject Native { get; } = native;

        public List<string> DependsOn { get; } = [];

        public List<string> Conditions { get; } = [];
    }

    public static (JsonNode?, JsonObject?) Import(JsonObject root, ImportBuilder b)
    {
        b.OnlyKeys(root, "", "model-compose", RootKeys);
        var components = ComposeComponents.Read(root, b);
        if (!root.ContainsKey("workflow") && !root.ContainsKey("workflows") && root.ContainsKey("components"))
        {
            // A file of components only: a catalog for other files' jobs.
            return (null, b.Problems.Count == 0 ? Catalog(components, "components") : null);
        }
        if (Pick(root, b) is not var (workflow, wfPath))
        {
            return (null, null);
        }
        b.OnlyKeys(workflow, wfPath, "workflow", WorkflowKeys);
        var id = b.String(workflow, wfPath, "id") ?? b.String(workflow, wfPath, "name") ?? "workflow";
        var name = Names.IsValidName(id) ? id : ImportText.Kebab(id) is var k && Names.IsValidName(k) ? k : "workflow";
        var (doc, spec) = Importers.Skeleton(b, name, workflow.ContainsKey("id") ? PathText.Key(wfPath, "id") : wfPath,
            b.String(workflow, wfPath, "description") ?? b.String(workflow, wfPath, "title"));
        // The workflow's variables and metadata (model-compose reads both by name) are Baton's variables.
        var vars = new JsonObject();
        foreach (var key in new[] { "metadata", "variables" })
        {
            if (workflow[key] is JsonObject values)
            {
                foreach (var (variable, value) in values)
                {
                    vars[variable] = Rename(value);
                    b.MapTree(PathText.Key("spec.variables", variable), PathText.Key(PathText.Key(wfPath, key), variable), value);
                }
            }
            else if (workflow[key] is not null)
            {
                b.Error("BTN073", PathText.Key(wfPath, key), $"'{key}' must be a mapping.", $"Write {key}: {{ name: value }}.");
            }
        }
        if (vars.Count > 0)
        {
            spec["variables"] = vars;
            b.Map("spec.variables", PathText.Key(wfPath, workflow.ContainsKey("variables") ? "variables" : "metadata"));
        }
        var jobs = Jobs(workflow, wfPath, b, components);
        ComposeBranches.Wire(jobs, b);
        var steps = new JsonArray();
        foreach (var job in jobs)
        {
            var native = PathText.Index("spec.steps", steps.Count);
            b.MapTree(native, job.Path, job.Native);
            b.Map(PathText.Key(native, "task"), PathText.Key(job.Path, "component"));
            b.Map(PathText.Key(native, "type"), PathText.Key(job.Path, "type"));
            b.Map(PathText.Key(native, "on_failure"), PathText.Key(job.Path, "on_error"));
            b.Map(PathText.Key(native, "retry"), PathText.Key(job.Path, "component"));
            if (job.DependsOn.Count > 0)
            {
                job.Native["depends_on"] = new JsonArray([.. job.DependsOn.Distinct(StringComparer.Ordinal).Select(d => (JsonNode?)JsonValue.Create(d))]);
                b.Map(PathText.Key(native, "depends_on"), job.Path);
            }
            if (job.Conditions.Count > 0)
            {
                job.Native["condition"] = job.Conditions.Count == 1 ? job.Conditions[0] : string.Join(" && ", job.Conditions.Select(c => $"({c})"));
                b.Map(PathText.Key(native, "condition"), job.Path);
            }
            steps.Add(job.Native);
        }
        spec["steps"] = steps;
        b.Map("spec.steps", PathText.Key(wfPath, "jobs"));
        if (workflow["output"] is { } output)
        {
            spec["output"] = new JsonObject { ["mapping"] = Rename(output) };
            b.MapTree("spec.output.mapping", PathText.Key(wfPath, "output"), output);
        }
        return b.Problems.Count == 0 ? (doc, components.Tasks.Count == 0 ? null : Catalog(components, name)) : (null, null);
    }

    private static JsonObject Catalog(ComposeComponents.Result components, string name) => new()
    {
        ["apiVersion"] = DefinitionLoader.ApiVersion,
        ["kind"] = "Catalog",
        ["metadata"] = new JsonObject { ["name"] = name, ["version"] = "1" },
        ["tasks"] = components.Tasks,
    };

    private static (JsonObject, string)? Pick(JsonObject root, ImportBuilder b)
    {
        if (root["workflow"] is JsonObject single)
        {
            return (single, "workflow");
        }
        if (root["workflows"] is JsonArray { Count: 1 } list && list[0] is JsonObject only)
        {
            return (only, "workflows[0]");
        }
        if (root["workflows"] is JsonArray { Count: > 1 } many)
        {
            var ids = many.Select(w => (w as JsonObject)?["id"]?.ToString() ?? "?");
            b.Error("BTN078", "workflows", $"The file defines {many.Count} workflows ({string.Join(", ", ids)}); Baton runs one workflow per file.",
                "Split the file so each holds one workflow, with the components it uses.");
            return null;
        }
        b.Error("BTN072", root.ContainsKey("workflows") ? "workflows" : "", "A model-compose file needs a workflow: 'workflow: { jobs: [...] }' or 'workflows: [ { id, jobs } ]'.",
            "Add workflows: [ { id: my-workflow, jobs: [ { id: first, component: my-component } ] } ].");
        return null;
    }

    private static List<Job> Jobs(JsonObject workflow, string wfPath, ImportBuilder b, ComposeComponents.Result components)
    {
        var jobsPath = PathText.Key(wfPath, "jobs");
        if (workflow["jobs"] is not JsonArray list || list.Count == 0)
        {
            b.Error("BTN072", workflow.ContainsKey("jobs") ? jobsPath : wfPath, "A workflow needs a non-empty list of 'jobs'.",
                "Add jobs: [ { id: first, component: my-component } ].");
            return [];
        }
        var jobs = new List<Job>();
        foreach (var (j, path, id) in b.Entries(list, jobsPath, "job", "id", JobKeys))
        {
            jobs.Add(Read(j, path, id, b, components));
        }
        var ids = jobs.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            // A job that reads another job's result waits for it, as model-compose runs it.
            foreach (var (text, at) in Strings(job.Native, job.Path).Concat(job.Conditions.Select(c => (c, PathText.Key(job.Path, "condition")))))
            {
                foreach (var referenced in ImportText.MembersOf(text, "steps"))
                {
                    if (!ids.Contains(referenced))
                    {
                        b.Error("BTN075", at, $"'jobs.{referenced}' is not a job of this workflow.", $"Use the id of a job. {Suggest.Hint(referenced, ids, "Jobs")}");
                    }
                    else if (referenced != job.Id && !job.DependsOn.Contains(referenced))
                    {
                        job.DependsOn.Add(referenced);
                    }
                }
            }
        }
        return jobs;
    }

    private static Job Read(JsonObject j, string path, string id, ImportBuilder b, ComposeComponents.Result components)
    {
        var native = new JsonObject { ["id"] = id };
        var job = new Job(id, path, native);
        var type = b.String(j, path, "type");
        if (type == "if")
        {
            native["type"] = "set";
            job.Native["conditions"] = j["conditions"]?.DeepClone();
        }
        else if (type is not (null or "component"))
        {
            b.Error("BTN077", PathText.Key(path, "type"), $"Job type '{type}' has no Baton equivalent yet.", "Use a component job or 'type: if'.");
        }
        else if (b.String(j, path, "component", required: true, example: "component: my-service") is { } component)
        {
            native["task"] = component;
            if (components.Retries.TryGetValue(component, out var retry))
            {
                native["retry"] = retry.DeepClone();
            }
            if (components.Models.Contains(component))
            {
                native["description"] = $"model component '{component}': bind it in a catalog to an inference endpoint";
            }
        }
        if (j["input"] is { } input)
        {
            native["input"] = Rename(input);
        }
        foreach (var (dep, _) in b.Strings(j, path, "depends_on"))
        {
            job.DependsOn.Add(dep);
        }
        switch (j["condition"])
        {
            case JsonValue c when c.TryGetValue<string>(out var text):
                job.Conditions.Add(RenameExpression(ImportText.WholeExpression(text) ?? text));
                break;
            case JsonValue c when c.TryGetValue<bool>(out var flag):
                job.Conditions.Add(flag ? "true" : "false");
                break;
            case null:
                break;
            default:
                b.Error("BTN073", PathText.Key(path, "condition"), "'condition' must be an expression.", "Write condition: ${jobs.check.output.ok}.");
                break;
        }
        switch (b.String(j, path, "on_error"))
        {
            case "continue":
                native["on_failure"] = "continue";
                break;
            case null or "fail" or "stop":
                break;
            case var other:
                b.Error("BTN077", PathText.Key(path, "on_error"), $"on_error '{other}' has no Baton equivalent.", "Use 'continue' or 'fail'.");
                break;
        }
        foreach (var key in new[] { "name", "description" })
        {
            if (b.String(j, path, key) is { } text)
            {
                native[key] = text;
            }
        }
        return job;
    }

    /// <summary>Rewrites model-compose's roots to Baton's in every expression of a value: <c>jobs</c> to <c>steps</c>, <c>metadata</c> to <c>variables</c>.</summary>
    internal static JsonNode? Rename(JsonNode? value) => ImportText.RenameRoot(ImportText.RenameRoot(value, "jobs", "steps"), "metadata", "variables");

    /// <summary>The same rewrite in bare expression text.</summary>
    internal static string RenameExpression(string expression) =>
        ImportText.RenameInExpression(ImportText.RenameInExpression(expression, "jobs", "steps"), "metadata", "variables");

    // Every string in a job (input and conditions), with the source path it came from.
    private static IEnumerable<(string Text, string Path)> Strings(JsonObject native, string path)
    {
        foreach (var (text, at) in Walk(native["input"], PathText.Key(path, "input")))
        {
            yield return (text, at);
        }
        foreach (var (text, at) in Walk(native["conditions"], PathText.Key(path, "conditions")))
        {
            yield return (ImportText.RenameRoot(text, "jobs", "steps"), at);
        }
    }

    private static IEnumerable<(string, string)> Walk(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    foreach (var x in Walk(v, PathText.Key(path, k)))
                    {
                        yield return x;
                    }
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var x in Walk(a[i], PathText.Index(path, i)))
                    {
                        yield return x;
                    }
                }
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                yield return (s, path);
                break;
        }
    }
}
