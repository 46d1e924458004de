using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>Model-compose's components (<c>component:</c> or a <c>components:</c> list, or a job's inline component), each
/// action a task of the file's own catalog.</summary>
/// <remarks>A component with one <c>action</c> is the task named after the component; one with <c>actions</c> (a list, each with
/// an <c>id</c>) is a task per action, <c>&lt;component&gt;.&lt;action&gt;</c>, and a job picks one with <c>action:</c> (else the
/// action marked <c>default: true</c>, else the only one). <c>shell</c>, <c>http-client</c> and <c>http-server</c> actions are
/// bindings Baton runs (<see cref="ComposeBindings"/>); a <c>workflow</c> component runs another workflow of the file as a child;
/// every other type (models, agents, stores, media tools...) is a catalog entry without a runner whose description says what
/// the component was and what would serve it, so the file converts and validates, and runs once the entry is bound.</remarks>
internal static class ComposeComponents
{
    /// <summary>The default component's id in model-compose, when <c>component:</c> gives none.</summary>
    public const string DefaultId = "__component__";

    /// <summary>One action of one component, as the task a job calls.</summary>
    public sealed record Action(string Component, string Id, string Task, string Type, JsonObject Config, string Path, string? ChildWorkflow);

    /// <summary>Every component's actions, and the catalog entries they make.</summary>
    public sealed class Result
    {
        public JsonObject Tasks { get; } = new();

        public Dictionary<string, Dictionary<string, Action>> Components { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Defaults { get; } = new(StringComparer.Ordinal);

        /// <summary>The native name of the workflow being converted: the tasks made for its jobs alone (inline components, hooks)
        /// carry it, so two workflows of one file never share one.</summary>
        public string Workflow { get; set; } = "workflow";

        /// <summary>The native name of each workflow of the file, by its model-compose id (<c>__default__</c>: the default one).</summary>
        public Dictionary<string, string> WorkflowNames { get; } = new(StringComparer.Ordinal);

        /// <summary>The native name of a workflow of the file a <c>workflow</c> component runs.</summary>
        public string WorkflowName(string id) => WorkflowNames.TryGetValue(id, out var name) ? name : ComposeImporter.NameOf(id, null);

        /// <summary>The component a job uses when it names none: the file's only component, or the one marked default.</summary>
        public string? DefaultComponent { get; set; }

        /// <summary>The action a job calls: its component and action, or the defaults; null (reported) when there is none.</summary>
        public Action? Resolve(string? component, string? action, string path, ImportBuilder b)
        {
            var id = component ?? DefaultComponent;
            if (id is not null && !Components.ContainsKey(id) && Names.IsValidName(id) && action is null)
            {
                // A component the file only names: a task of that name, for a catalog (--catalog, catalog.yaml) to bind.
                return new Action(id, "__default__", id, "external", [], path, null);
            }
            if (id is null || !Components.TryGetValue(id, out var actions))
            {
                b.Error("BTN075", path, component is null ? "The job names no component and the file has no default one." : $"'{component}' is not a component of this file.",
                    component is null ? "Add component: <id> to the job." : $"Name a component's id. {Suggest.Hint(component, Components.Keys, "Components")}");
                return null;
            }
            var chosen = action ?? (Defaults.TryGetValue(id, out var d) ? d : actions.Count == 1 ? actions.Keys.First() : null);
            if (chosen is not null && actions.TryGetValue(chosen, out var found))
            {
                return found;
            }
            b.Error("BTN075", path, chosen is null ? $"Component '{id}' has {actions.Count} actions and the job picks none." : $"'{chosen}' is not an action of component '{id}'.",
                $"Write action: <id> with one of: {string.Join(", ", actions.Keys)}.");
            return null;
        }
    }

    public static Result Read(JsonObject root, ImportBuilder b)
    {
        var result = new Result();
        var all = new List<(JsonObject Component, string Path, string Id)>();
        if (root["component"] is JsonObject single)
        {
            all.Add((single, "component", b.String(single, "component", "id") ?? DefaultId));
        }
        else if (root["component"] is not null)
        {
            b.Error("BTN073", "component", "'component' must be a mapping.", "Write component: { type: shell, action: { command: [echo, hi] } }.");
        }
        all.AddRange(Each(root["components"], "components", b));
        foreach (var (component, path, id) in all)
        {
            Add(result, component, path, id, b);
        }
        result.DefaultComponent = all.Count == 1 ? all[0].Id : all.FirstOrDefault(c => ImportText.IsDefault(c.Component)).Id;
        return result;
    }

    /// <summary>A job's inline component (<c>component: { type: ..., action: ... }</c>), added under an id of its own.</summary>
    public static string Inline(Result result, JsonObject component, string path, string jobId, ImportBuilder b)
    {
        var id = $"{result.Workflow}.{jobId}";
        Add(result, component, path, id, b);
        return id;
    }

    private static void Add(Result result, JsonObject component, string path, string id, ImportBuilder b)
    {
        var type = b.String(component, path, "type", required: true, example: "type: http-client");
        if (type is null)
        {
            return;
        }
        if (result.Components.ContainsKey(id))
        {
            b.Error("BTN074", PathText.Key(path, "id"), $"Two components are both called '{id}'.", "Give each component its own id.");
            return;
        }
        var name = TaskName(id, type);
        var actions = new Dictionary<string, Action>(StringComparer.Ordinal);
        result.Components[id] = actions;
        if (component["actions"] is JsonArray list)
        {
            foreach (var (action, at, actionId) in b.Entries(list, PathText.Key(path, "actions"), "action", "id", [.. Keys(list)]))
            {
                actions[actionId] = Make(component, action, at, id, actionId, $"{name}.{actionId}", type, b);
                if (ImportText.IsDefault(action))
                {
                    result.Defaults[id] = actionId;
                }
            }
        }
        else
        {
            // One action: 'action:', or the component itself holding the action's keys (the reference's shorthand).
            var action = component["action"] as JsonObject ?? component;
            actions["__default__"] = Make(component, action, component.ContainsKey("action") ? PathText.Key(path, "action") : path, id, "__default__", name, type, b);
            result.Defaults[id] = "__default__";
        }
        foreach (var a in actions.Values)
        {
            if (ComposeBindings.Binding(a, component, path, b) is { } binding)
            {
                result.Tasks[a.Task] = binding;
            }
        }
    }

    private static Action Make(JsonObject component, JsonObject action, string path, string componentId, string actionId, string task, string type, ImportBuilder b) =>
        new(componentId, actionId, task, type, action, path, type == "workflow" ? b.String(action, path, "workflow") ?? "__default__" : null);

    // A task name: the component's id when it is a valid name, else one made of it (or of its type).
    private static string TaskName(string id, string type)
    {
        if (Names.IsValidName(id))
        {
            return id;
        }
        var kebab = ImportText.Kebab(id);
        return Names.IsValidName(kebab) ? kebab : type;
    }

    private static IEnumerable<string> Keys(JsonArray list) => list.OfType<JsonObject>().SelectMany(o => o.Select(p => p.Key)).Distinct(StringComparer.Ordinal);

    private static IEnumerable<(JsonObject Component, string Path, string Id)> Each(JsonNode? node, string path, ImportBuilder b)
    {
        switch (node)
        {
            case null:
                yield break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    var itemPath = PathText.Index(path, i);
                    if (list[i] is JsonObject c)
                    {
                        yield return (c, itemPath, b.String(c, itemPath, "id") ?? (list.Count == 1 ? DefaultId : $"component-{i + 1}"));
                    }
                    else
                    {
                        b.Error("BTN073", itemPath, "Each component must be a mapping.", "Write { id: ..., type: ... }.");
                    }
                }
                break;
            case JsonObject map:
                foreach (var (id, value) in map)
                {
                    if (value is JsonObject c)
                    {
                        yield return (c, PathText.Key(path, id), id);
                    }
                    else
                    {
                        b.Error("BTN073", PathText.Key(path, id), "Each component must be a mapping.", "Write { type: ... }.");
                    }
                }
                break;
            default:
                b.Error("BTN073", path, "'components' must be a list or a mapping.", "Write components: [ { id: ..., type: ... } ].");
                break;
        }
    }
}
