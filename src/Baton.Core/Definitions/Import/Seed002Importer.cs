using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Baton.Core.Definitions.Import;

/// <summary>Seed 002's <c>apiVersion: workflow/v1</c> workflows: typed steps named by <c>name</c>, <c>{{ }}</c> templates,
/// <c>on_failure</c> and <c>on_timeout</c> actions, and a <c>compensation</c> block.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>service_call</c> becomes a task named after the step, bound in the file's own catalog to an <c>http</c> call of
/// <c>config.method</c> to <c>http://{config.service}{config.endpoint}</c> (a service name is a host name, as in a
/// cluster) with <c>config.payload</c> as the body; a catalog given beside the file can bind the step's task elsewhere.</item>
/// <item><c>validation</c> becomes the task <c>validate</c> (bound by the catalog) with input <c>{ rules, input }</c>.</item>
/// <item><c>wait_for_event</c> becomes an event step: <c>event_type</c>, <c>timeout</c>, <c>filter</c> (each key must equal the
/// event's field of that name), <c>on_timeout.action</c>.</item>
/// <item><c>parallel</c>/<c>parallel_group</c>, <c>conditional</c> and <c>loop</c> hold steps; see <see cref="Group"/>.</item>
/// <item><c>on_failure.action</c>: <c>terminate</c> fails the workflow, <c>continue</c> goes on, <c>retry</c> retries
/// (<c>max_attempts</c>), <c>compensate</c> runs the compensation.</item>
/// <item>A step's <c>output</c> that names response fields (<c>user_id: "{{ response.id }}"</c>) is read where it is used:
/// <c>steps.X.output.user_id</c> reads the response's <c>id</c>. <c>steps.X.completed</c> reads whether X succeeded.</item>
/// <item><c>compensation.steps</c> run in the order written when the workflow compensates; <c>on_timeout</c>'s
/// <c>compensation_workflow</c> names that compensation (there are no sub-workflows yet).</item>
/// </list>
/// </remarks>
internal static partial class Seed002Importer
{
    private static readonly string[] RootKeys = ["apiVersion", "kind", "metadata", "spec"];
    private static readonly string[] SpecKeys = ["config", "input", "steps", "compensation", "output"];
    private static readonly string[] StepKeys = ["name", "type", "description", "depends_on", "config", "output", "on_failure", "on_timeout", "parallel", "condition", "timeout"];
    private static readonly string[] Types = ["service_call", "validation", "wait_for_event", "parallel", "parallel_group", "conditional", "loop"];
    private static readonly string[] Actions = ["terminate", "fail", "continue", "retry", "compensate"];

    public static (JsonNode?, JsonObject?) Import(JsonObject root, ImportBuilder b)
    {
        b.OnlyKeys(root, "", "workflow/v1", RootKeys);
        var meta = root["metadata"] as JsonObject ?? [];
        var name = b.String(meta, "metadata", "name", required: true, example: "name: my-workflow") ?? "workflow";
        var (doc, spec) = Importers.Skeleton(b, Names.IsValidName(name) ? name : ImportText.Kebab(name), "metadata.name", b.String(meta, "metadata", "description"));
        if (b.String(meta, "metadata", "version") is { } version)
        {
            doc["metadata"]!["version"] = version;
        }
        if (meta["tags"] is JsonArray tags)
        {
            doc["metadata"]!["tags"] = tags.DeepClone();
        }
        if (root["spec"] is not JsonObject source)
        {
            b.Error("BTN072", "", "'spec' is missing.", "Add spec: { steps: [...] }.");
            return (null, null);
        }
        b.OnlyKeys(source, "spec", "workflow/v1 spec", SpecKeys);
        Config(source, spec, b);
        if (source["input"]?["schema"] is { } inputSchema)
        {
            spec["input"] = new JsonObject { ["schema"] = inputSchema.DeepClone() };
            b.MapTree("spec.input.schema", "spec.input.schema", inputSchema);
        }
        var outputs = new Dictionary<(string Step, string Key), string>();
        var tasks = new JsonObject();
        var steps = Steps(source["steps"], "spec.steps", "spec.steps", b, outputs, tasks, required: true);
        var compensation = source["compensation"] is JsonObject c ? Steps(c["steps"], "spec.compensation.steps", "spec.compensation", b, outputs, tasks, required: false) : [];
        // Declared outputs are read where they are used: steps.X.output.user_id reads the response's id.
        foreach (var step in steps.Concat(compensation))
        {
            foreach (var key in new[] { "input", "condition", "filter" }.Where(step.ContainsKey))
            {
                step[key] = Outputs(step[key], outputs);
            }
        }
        spec["steps"] = new JsonArray([.. steps]);
        b.Map("spec.steps", "spec.steps");
        if (compensation.Count > 0)
        {
            spec["compensation"] = new JsonArray([.. compensation]);
            b.Map("spec.compensation", "spec.compensation.steps");
        }
        var catalog = tasks.Count == 0 ? null : new JsonObject
        {
            ["apiVersion"] = DefinitionLoader.ApiVersion,
            ["kind"] = "Catalog",
            ["metadata"] = new JsonObject { ["name"] = doc["metadata"]!["name"]!.GetValue<string>(), ["version"] = "1" },
            ["tasks"] = tasks,
        };
        return b.Problems.Count == 0 ? (doc, catalog) : (null, null);
    }

    private static void Config(JsonObject source, JsonObject spec, ImportBuilder b)
    {
        if (source["config"] is not JsonObject config)
        {
            return;
        }
        b.OnlyKeys(config, "spec.config", "config", "timeout", "retry_policy");
        var native = new JsonObject();
        if (b.String(config, "spec.config", "timeout") is { } timeout)
        {
            native["timeout"] = timeout;
            b.Map("spec.config.timeout", "spec.config.timeout");
        }
        if (config["retry_policy"] is JsonObject retry)
        {
            native["retry"] = retry.DeepClone();
            b.MapTree("spec.config.retry", "spec.config.retry_policy", retry);
        }
        spec["config"] = native;
    }

    private static List<JsonObject> Steps(JsonNode? node, string from, string at, ImportBuilder b,
        Dictionary<(string, string), string> outputs, JsonObject tasks, bool required, int offset = 0)
    {
        var steps = new List<JsonObject>();
        if (node is not JsonArray list)
        {
            if (required || node is not null)
            {
                b.Error("BTN072", node is null ? "spec" : from, $"'{(required ? "steps" : "compensation.steps")}' must be a list of steps.", "Write steps: [ { name: first, type: service_call, config: {...} } ].");
            }
            return steps;
        }
        var nativeList = at == "spec.steps" ? "spec.steps" : "spec.compensation";
        foreach (var (s, path, id) in b.Entries(list, from, "workflow/v1 step", "name", StepKeys))
        {
            if (s["type"] is JsonValue tv && tv.TryGetValue<string>(out var groupType) && groupType is "parallel" or "parallel_group" or "conditional" or "loop")
            {
                steps.AddRange(Group(groupType, s, path, id, b, outputs, tasks, offset + steps.Count));
                continue;
            }
            var native = new JsonObject { ["id"] = id };
            var nativePath = PathText.Index(nativeList, offset + steps.Count);
            b.MapTree(nativePath, path, s);
            b.Map(PathText.Key(nativePath, "id"), PathText.Key(path, "name"));
            var config = s["config"] as JsonObject ?? [];
            switch (b.String(s, path, "type", required: true, example: "type: service_call"))
            {
                case "service_call":
                    ServiceCall(native, id, config, PathText.Key(path, "config"), b, tasks);
                    b.Map(PathText.Key(nativePath, "task"), PathText.Key(path, "type"));
                    break;
                case "validation":
                    native["task"] = "validate";
                    native["input"] = new JsonObject { ["rules"] = Templates(config["validation_rules"]), ["input"] = "${input}" };
                    b.Map(PathText.Key(nativePath, "task"), PathText.Key(path, "type"));
                    break;
                case "wait_for_event":
                    WaitForEvent(native, config, PathText.Key(path, "config"), b);
                    b.Map(PathText.Key(nativePath, "event"), PathText.Key(path, "config"));
                    break;
                case { } other:
                    b.Error("BTN077", PathText.Key(path, "type"), $"Step type '{other}' has no Baton equivalent yet.", Suggest.UseOneOf(other, Types));
                    break;
            }
            foreach (var (dep, _) in b.Strings(s, path, "depends_on"))
            {
                (native["depends_on"] as JsonArray ?? (JsonArray)(native["depends_on"] = new JsonArray())).Add(dep);
            }
            if (b.String(s, path, "condition") is { } condition)
            {
                native["condition"] = Template(condition);
            }
            OnFailure(native, s["on_failure"], PathText.Key(path, "on_failure"), b);
            OnTimeout(native, s["on_timeout"], PathText.Key(path, "on_timeout"), b);
            if (s["output"] is JsonObject declared)
            {
                foreach (var (key, value) in declared)
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var text) && ResponseField().Match(text) is { Success: true } m)
                    {
                        outputs[(id, key)] = m.Groups["path"].Value;
                    }
                    else
                    {
                        b.Error("BTN077", PathText.Key(PathText.Key(path, "output"), key), "A step output other than a response field has no Baton equivalent.",
                            "Write it as \"{{ response.<field> }}\", or read the response where it is used.");
                    }
                }
            }
            steps.Add(native);
        }
        return steps;
    }

    /// <summary>A step that holds steps, as the native steps it stands for, in order: a <c>parallel</c> group's steps then a
    /// join named after the group; a <c>conditional</c>'s switch (<c>&lt;name&gt;-choose</c>), its branches, then a join;
    /// a <c>loop</c> as a <c>for_each</c> (<c>items</c>) or a <c>loop</c> (<c>while</c>/<c>until</c>, <c>max_iterations</c>) of its one step.</summary>
    /// <remarks>The group's <c>depends_on</c> and <c>condition</c> apply to the steps it starts with; steps after it depend on its
    /// join, which outputs <c>{ step: output }</c> of the steps it holds (null for a branch not taken).</remarks>
    private static List<JsonObject> Group(string type, JsonObject s, string path, string id, ImportBuilder b,
        Dictionary<(string, string), string> outputs, JsonObject tasks, int offset)
    {
        var config = s["config"] as JsonObject ?? [];
        var configPath = PathText.Key(path, "config");
        var after = b.Strings(s, path, "depends_on").Select(d => d.Item1).ToList();
        var condition = b.String(s, path, "condition") is { } c ? Template(c) : null;
        var result = new List<JsonObject>();
        JsonObject Join(IEnumerable<JsonObject> held, IEnumerable<string> extra)
        {
            var ids = held.Select(h => h["id"]!.GetValue<string>()).ToList();
            var join = new JsonObject
            {
                ["id"] = id,
                ["type"] = "set",
                ["depends_on"] = new JsonArray([.. ids.Concat(extra).Distinct(StringComparer.Ordinal).Select(x => (JsonNode?)x)]),
                ["input"] = new JsonObject(ids.Select(x => KeyValuePair.Create(x, (JsonNode?)("${" + ImportText.Member("steps", x) + ".output}")))),
            };
            b.Map(PathText.Index("spec.steps", offset + result.Count), path);
            return join;
        }
        void Start(JsonObject step, IEnumerable<string> extraDeps)
        {
            var deps = step["depends_on"] as JsonArray ?? new JsonArray();
            foreach (var d in extraDeps.Where(d => !deps.Any(x => x?.GetValue<string>() == d)))
            {
                deps.Add(d);
            }
            if (deps.Count > 0)
            {
                step["depends_on"] = deps;
            }
            if (condition is not null)
            {
                step["condition"] = step["condition"] is { } own ? $"${{({ImportText.WholeExpression(condition) ?? "true"}) && ({ImportText.WholeExpression(own.GetValue<string>()) ?? "true"})}}" : condition;
            }
        }
        switch (type)
        {
            case "parallel" or "parallel_group":
            {
                b.OnlyKeys(config, configPath, $"{type} config", "steps", "tasks");
                var held = Steps(config["steps"] ?? config["tasks"], PathText.Key(configPath, config.ContainsKey("tasks") ? "tasks" : "steps"), "spec.steps", b, outputs, tasks, required: true, offset);
                foreach (var step in held)
                {
                    Start(step, after);
                }
                result.AddRange(held);
                result.Add(Join(held, []));
                break;
            }
            case "conditional":
            {
                b.OnlyKeys(config, configPath, "conditional config", "condition", "if_true", "if_false", "then", "else");
                var when = b.String(config, configPath, "condition", required: true, example: "condition: \"{{ steps.check.output.ok }}\"");
                var choose = new JsonObject { ["id"] = $"{id}-choose", ["type"] = "switch" };
                b.Map(PathText.Index("spec.steps", offset), path);
                result.Add(choose);
                var yes = Steps(config["if_true"] ?? config["then"], PathText.Key(configPath, config.ContainsKey("then") ? "then" : "if_true"), "spec.steps", b, outputs, tasks, required: false, offset + 1);
                var no = Steps(config["if_false"] ?? config["else"], PathText.Key(configPath, config.ContainsKey("else") ? "else" : "if_false"), "spec.steps", b, outputs, tasks, required: false, offset + 1 + yes.Count);
                Start(choose, after);
                static JsonArray Ids(List<JsonObject> steps) => new([.. steps.Select(x => x["id"]!.DeepClone())]);
                choose["cases"] = new JsonArray(new JsonObject { ["when"] = when is null ? "false" : Template(when), ["steps"] = Ids(yes) });
                choose["default"] = Ids(no);
                result.AddRange(yes);
                result.AddRange(no);
                result.Add(Join([.. yes, .. no], [choose["id"]!.GetValue<string>()]));
                break;
            }
            default:
            {
                b.OnlyKeys(config, configPath, "loop config", "items", "over", "while", "until", "max_iterations", "max_concurrency", "step", "do");
                var bodyNode = config["step"] ?? config["do"];
                if (bodyNode is null)
                {
                    b.Error("BTN072", configPath, "A loop needs 'step': the one step it repeats.",
                        "Write config: { items: \"{{ input.list }}\", step: { name: each, type: service_call, config: {...} } }.");
                    break;
                }
                var held = Steps(bodyNode is JsonObject one ? new JsonArray(one.DeepClone()) : bodyNode, PathText.Key(configPath, config.ContainsKey("do") ? "do" : "step"),
                    "spec.steps", b, outputs, tasks, required: true, offset);
                if (held.Count != 1 || held[0]["task"] is null)
                {
                    b.Error("BTN077", configPath, "A loop repeats one step that calls a service or validates.", "Give config.step one service_call or validation step.");
                    break;
                }
                var body = new JsonObject { ["task"] = held[0]["task"]!.DeepClone(), ["input"] = held[0]["input"]?.DeepClone() };
                var loop = new JsonObject { ["id"] = id, ["do"] = body };
                if ((b.String(config, configPath, "items") ?? b.String(config, configPath, "over")) is { } items)
                {
                    loop["type"] = "for_each";
                    loop["items"] = Template(items);
                    if (config["max_concurrency"] is { } mc)
                    {
                        loop["max_concurrency"] = mc.DeepClone();
                    }
                }
                else
                {
                    loop["type"] = "loop";
                    if (b.String(config, configPath, "while") is { } w)
                    {
                        loop["while"] = Template(w);
                    }
                    if (b.String(config, configPath, "until") is { } u)
                    {
                        loop["until"] = Template(u);
                    }
                    if (config["max_iterations"] is { } max)
                    {
                        loop["max_iterations"] = max.DeepClone();
                    }
                    else
                    {
                        b.Error("BTN072", configPath, "A loop without 'items' needs 'max_iterations': a loop always has a bound.",
                            "Add max_iterations: 20 (and while or until), or loop over items.");
                    }
                }
                Start(loop, after);
                b.Map(PathText.Index("spec.steps", offset), path);
                result.Add(loop);
                break;
            }
        }
        return result;
    }

    private static void ServiceCall(JsonObject native, string id, JsonObject config, string path, ImportBuilder b, JsonObject tasks)
    {
        b.OnlyKeys(config, path, "service_call config", "service", "endpoint", "method", "payload", "headers");
        var service = b.String(config, path, "service", required: true, example: "service: user-service");
        var endpoint = b.String(config, path, "endpoint", required: true, example: "endpoint: /api/users");
        if (service is null || endpoint is null)
        {
            return;
        }
        native["task"] = id;
        var input = new JsonObject { ["endpoint"] = Template(endpoint) };
        if (config["payload"] is { } payload)
        {
            input["payload"] = Templates(payload);
        }
        native["input"] = input;
        var binding = new JsonObject
        {
            ["runner"] = "http",
            ["method"] = (b.String(config, path, "method") ?? "POST").ToUpperInvariant(),
            ["url"] = $"http://{service}${{input.endpoint}}",
            ["body"] = "${input.payload}",
            ["allow_private_network"] = true,
            ["description"] = $"{service}{endpoint} (seed 002 service_call; the service name is the host)",
        };
        if (config["headers"] is { } headers)
        {
            binding["headers"] = headers.DeepClone();
        }
        tasks[id] = binding;
    }

    private static void WaitForEvent(JsonObject native, JsonObject config, string path, ImportBuilder b)
    {
        b.OnlyKeys(config, path, "wait_for_event config", "event_type", "timeout", "filter");
        native["type"] = "event";
        native["event"] = b.String(config, path, "event_type", required: true, example: "event_type: user.email_verified");
        if (b.String(config, path, "timeout") is { } timeout)
        {
            native["timeout"] = timeout;
        }
        if (config["filter"] is JsonObject filter)
        {
            native["filter"] = string.Join(" && ", filter.Select(f => $"{ImportText.Member("event", f.Key)} == {Operand(f.Value)}"));
        }
        else if (config["filter"] is not null)
        {
            b.Error("BTN073", PathText.Key(path, "filter"), "'filter' must map event fields to the values they must have.", "Write filter: { user_id: \"{{ steps.x.output.id }}\" }.");
        }
    }

    private static void OnFailure(JsonObject native, JsonNode? node, string path, ImportBuilder b)
    {
        if (Action(node, path, b) is not { } action)
        {
            return;
        }
        switch (action)
        {
            case "continue" or "compensate":
                native["on_failure"] = action;
                break;
            case "retry":
                native["on_failure"] = "retry";
                if (node?["max_attempts"] is { } max)
                {
                    native["retry"] = new JsonObject { ["max_attempts"] = max.DeepClone() };
                }
                break;
        }
    }

    private static void OnTimeout(JsonObject native, JsonNode? node, string path, ImportBuilder b)
    {
        if (Action(node, path, b) is { } action)
        {
            native["on_timeout"] = action is "terminate" or "retry" ? "fail" : action;
        }
    }

    private static string? Action(JsonNode? node, string path, ImportBuilder b)
    {
        if (node is null)
        {
            return null;
        }
        if (node is not JsonObject o)
        {
            b.Error("BTN073", path, "This must be a mapping with an 'action'.", "Write { action: continue }.");
            return null;
        }
        b.OnlyKeys(o, path, "action", "action", "message", "max_attempts", "compensation_workflow");
        var action = b.String(o, path, "action", required: true, example: "action: continue");
        if (action is not null && !Actions.Contains(action, StringComparer.Ordinal))
        {
            b.Error("BTN077", PathText.Key(path, "action"), $"Action '{action}' has no Baton equivalent.", Suggest.UseOneOf(action, Actions));
            return null;
        }
        return action;
    }

    /// <summary>A value with every <c>{{ expr }}</c> written as <c>${expr}</c>.</summary>
    private static JsonNode? Templates(JsonNode? value) => value switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Templates(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Templates)]),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(Template(s)),
        _ => value?.DeepClone(),
    };

    private static string Template(string text) =>
        Mustache().Replace(text, m => "${" + Completed().Replace(m.Groups["expr"].Value.Trim(), "(steps.${step}.status == 'succeeded')") + "}");

    // A filter value: an expression when it is one {{ }}, else a literal.
    private static string Operand(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) && ImportText.WholeExpression(Template(s)) is { } expr ? $"({expr})" : ImportText.Literal(value);

    private static JsonNode? Outputs(JsonNode? value, Dictionary<(string Step, string Key), string> outputs)
    {
        if (value is null || outputs.Count == 0)
        {
            return value;
        }
        var text = value.ToJsonString();
        foreach (var ((step, key), field) in outputs)
        {
            text = Regex.Replace(text, $@"steps\.{Regex.Escape(step)}\.output\.{Regex.Escape(key)}(?![\w-])", $"steps.{step}.output.{field}", RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        return JsonNode.Parse(text);
    }

    [GeneratedRegex(@"\{\{(?<expr>.*?)\}\}")]
    private static partial Regex Mustache();

    [GeneratedRegex(@"steps\.(?<step>[A-Za-z_][\w-]*)\.completed(?![\w-])")]
    private static partial Regex Completed();

    [GeneratedRegex(@"^\s*\{\{\s*response\.(?<path>[A-Za-z_][\w.]*)\s*\}\}\s*$")]
    private static partial Regex ResponseField();
}
