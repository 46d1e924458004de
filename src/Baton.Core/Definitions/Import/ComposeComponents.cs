using System.Globalization;
using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>Seed 004's components, as native catalog bindings.</summary>
/// <remarks><c>http-client</c> becomes an <c>http</c> binding (<c>url</c> or <c>endpoint</c>, or <c>base_url</c> plus <c>path</c>,
/// with <c>params</c> as the query; without
/// either, the job's <c>input.url</c>); <c>http-server</c> an <c>http</c> binding to <c>http://127.0.0.1:{port}{path}</c>
/// with private addresses allowed (the file says the server is local; Baton does not run its <c>start</c> command);
/// <c>shell</c> a <c>process</c> binding with the same argv and <c>output: text</c> (jobs read its <c>output.stdout</c>). A <c>model</c> component is not bound: Baton runs no model,
/// so a catalog binds the task to an inference endpoint. Times are milliseconds, as model-compose writes them.</remarks>
internal static class ComposeComponents
{
    private static readonly string[] Types = ["http-client", "http-server", "shell", "model"];
    private static readonly string[] Common = ["id", "type", "name", "description", "timeout", "retry"];
    private static readonly string[] ClientKeys = [.. Common, "url", "endpoint", "base_url", "path", "params", "method", "headers", "body"];
    private static readonly string[] ServerKeys = [.. Common, "start", "port", "path", "method", "headers", "body"];
    private static readonly string[] ShellKeys = [.. Common, "command", "workdir", "env"];
    private static readonly string[] ModelKeys = [.. Common, "model", "task", "endpoint", "device"];
    private static readonly string[] RetryKeys = ["attempts", "max_attempts", "delay", "backoff", "max_delay"];

    /// <summary>What the components give the workflow: bindings, each component's retry policy, and which ones are models.</summary>
    public sealed record Result(JsonObject Tasks, Dictionary<string, JsonObject> Retries, HashSet<string> Models);

    public static Result Read(JsonObject root, ImportBuilder b)
    {
        var result = new Result(new JsonObject(), new Dictionary<string, JsonObject>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        foreach (var (component, path, id) in Each(root["components"], "components", b))
        {
            var type = b.String(component, path, "type", required: true, example: "type: http-client");
            if (type is null)
            {
                continue;
            }
            if (result.Tasks.ContainsKey(id) || result.Models.Contains(id))
            {
                b.Error("BTN074", PathText.Key(path, "id"), $"Two components are both called '{id}'.", "Give each component its own id.");
                continue;
            }
            var binding = type switch
            {
                "http-client" => Client(component, path, b),
                "http-server" => Server(component, path, b),
                "shell" => Shell(component, path, b),
                "model" => Model(component, path, b, result.Models, id),
                _ => Unknown(type, path, b),
            };
            if (binding is not null)
            {
                if (b.String(component, path, "timeout") is { } t)
                {
                    binding["timeout"] = ImportText.Milliseconds(component["timeout"]) ?? Bad(b, PathText.Key(path, "timeout"), t);
                }
                result.Tasks[id] = binding;
            }
            if (component["retry"] is { } retry && Retry(retry, PathText.Key(path, "retry"), b) is { } policy)
            {
                result.Retries[id] = policy;
            }
        }
        return result;
    }

    // Components come as a list of mappings with ids, or as a mapping from id to component.
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
                    if (list[i] is JsonObject c && b.String(c, itemPath, "id", required: true, example: "id: my-service") is { } id)
                    {
                        yield return (c, itemPath, id);
                    }
                    else if (list[i] is not JsonObject)
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

    private static JsonObject Client(JsonObject c, string path, ImportBuilder b)
    {
        b.OnlyKeys(c, path, "http-client component", ClientKeys);
        if (c.ContainsKey("url") && c.ContainsKey("endpoint"))
        {
            b.Error("BTN074", PathText.Key(path, "endpoint"), "An http-client component gives both 'url' and 'endpoint'.", "Keep one: they name the same thing.");
        }
        var url = (b.String(c, path, "url") ?? b.String(c, path, "endpoint") ?? b.String(c, path, "base_url") ?? "${input.url}") + (b.String(c, path, "path") ?? "");
        return Http(c, path, b, url + Query(c["params"], PathText.Key(path, "params"), b, url.Contains('?', StringComparison.Ordinal)), allowPrivate: false);
    }

    // model-compose's params as the URL's query: names and literal text percent-encoded here, and each ${...} left for the
    // http runner, which encodes a value placed in the query as one component.
    private static string Query(JsonNode? node, string path, ImportBuilder b, bool hasQuery)
    {
        if (node is null)
        {
            return "";
        }
        if (node is not JsonObject map)
        {
            b.Error("BTN073", path, "'params' must be a mapping of query parameters.", "Write params: { q: ${input.city}, units: metric }.");
            return "";
        }
        var pairs = new List<string>();
        foreach (var (name, value) in map)
        {
            var encoded = value switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var text) => EscapeLiteralText(text),
                JsonValue v => Uri.EscapeDataString(v.ToJsonString()),
                _ => null,
            };
            if (encoded is null)
            {
                b.Error("BTN073", PathText.Key(path, name), $"Query parameter '{name}' must be a single value.", $"Write {name}: ${{input.{name}}}, or a plain value.");
                continue;
            }
            pairs.Add(Uri.EscapeDataString(name) + "=" + encoded);
        }
        return pairs.Count == 0 ? "" : (hasQuery ? "&" : "?") + string.Join('&', pairs);
    }

    // Percent-encodes the text outside ${...}; the expressions are kept as written.
    private static string EscapeLiteralText(string text)
    {
        var sb = new System.Text.StringBuilder();
        var at = 0;
        while (text.IndexOf("${", at, StringComparison.Ordinal) is var open and >= 0 && Expressions.Template.IndexOfClose(text, open + 2) is var close and >= 0)
        {
            sb.Append(Uri.EscapeDataString(text[at..open])).Append(text, open, close + 1 - open);
            at = close + 1;
        }
        return sb.Append(Uri.EscapeDataString(text[at..])).ToString();
    }

    private static JsonObject Server(JsonObject c, string path, ImportBuilder b)
    {
        b.OnlyKeys(c, path, "http-server component", ServerKeys);
        var port = c["port"] is JsonValue p && p.TryGetValue<long>(out var n) && n is > 0 and < 65536 ? n : (long?)null;
        if (port is null)
        {
            b.Error("BTN072", c.ContainsKey("port") ? PathText.Key(path, "port") : path, "An http-server component needs its 'port' (1-65535).", "Add port: 8000.");
        }
        var binding = Http(c, path, b, $"http://127.0.0.1:{port?.ToString(CultureInfo.InvariantCulture) ?? "0"}{b.String(c, path, "path") ?? ""}", allowPrivate: true);
        if (c["start"] is JsonArray start)
        {
            binding["description"] = "a local server started by: " + string.Join(' ', start.Select(s => s?.ToString())) + " (Baton does not start it)";
        }
        return binding;
    }

    private static JsonObject Http(JsonObject c, string path, ImportBuilder b, string url, bool allowPrivate)
    {
        var binding = new JsonObject { ["runner"] = "http", ["method"] = (b.String(c, path, "method") ?? "POST").ToUpperInvariant(), ["url"] = url };
        foreach (var key in new[] { "headers", "body" })
        {
            if (c[key] is { } value)
            {
                binding[key] = value.DeepClone();
            }
        }
        if (allowPrivate)
        {
            binding["allow_private_network"] = true;
        }
        return binding;
    }

    private static JsonObject? Shell(JsonObject c, string path, ImportBuilder b)
    {
        b.OnlyKeys(c, path, "shell component", ShellKeys);
        if (c["command"] is not JsonArray command || command.Count == 0)
        {
            b.Error("BTN051", c.ContainsKey("command") ? PathText.Key(path, "command") : path, "A shell component's command must be an argv list; a shell string is never run.",
                "Write command: [ python, script.py ].");
            return null;
        }
        // A shell component's output is its stdout (jobs read ${jobs.x.output.stdout}), not JSON.
        var binding = new JsonObject { ["runner"] = "process", ["command"] = command.DeepClone(), ["output"] = "text" };
        foreach (var key in new[] { "workdir", "env" })
        {
            if (c[key] is { } value)
            {
                binding[key] = value.DeepClone();
            }
        }
        return binding;
    }

    private static JsonObject? Model(JsonObject c, string path, ImportBuilder b, HashSet<string> models, string id)
    {
        b.OnlyKeys(c, path, "model component", ModelKeys);
        models.Add(id);
        return null;
    }

    private static JsonObject? Unknown(string type, string path, ImportBuilder b)
    {
        b.Error("BTN077", PathText.Key(path, "type"), $"Component type '{type}' has no Baton equivalent.",
            $"Use one of: {string.Join(", ", Types)}, or bind the task in a catalog.{Suggest.DidYouMean(type, Types)}");
        return null;
    }

    private static JsonObject? Retry(JsonNode node, string path, ImportBuilder b)
    {
        if (node is not JsonObject r)
        {
            b.Error("BTN073", path, "'retry' must be a mapping.", "Write retry: { attempts: 3, delay: 1000 }.");
            return null;
        }
        b.OnlyKeys(r, path, "retry", RetryKeys);
        var policy = new JsonObject();
        if ((r["attempts"] ?? r["max_attempts"]) is { } attempts)
        {
            policy["max_attempts"] = attempts.DeepClone();
        }
        if (r["delay"] is { } delay)
        {
            policy["initial_delay"] = ImportText.Milliseconds(delay) ?? Bad(b, PathText.Key(path, "delay"), delay.ToJsonString());
        }
        if (r["max_delay"] is { } max)
        {
            policy["max_delay"] = ImportText.Milliseconds(max) ?? Bad(b, PathText.Key(path, "max_delay"), max.ToJsonString());
        }
        if (b.String(r, path, "backoff") is { } backoff)
        {
            if (backoff is "exponential" or "fixed")
            {
                policy["backoff"] = backoff;
            }
            else
            {
                b.Error("BTN077", PathText.Key(path, "backoff"), $"Backoff '{backoff}' has no Baton equivalent.", "Use 'exponential' or 'fixed'.");
            }
        }
        return policy;
    }

    private static string Bad(ImportBuilder b, string path, string text)
    {
        b.Error("BTN073", path, $"'{text}' is not a number of milliseconds.", "Write a whole number of milliseconds, e.g. 5000.");
        return "1s";
    }
}
