using System.Globalization;
using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>The catalog entry of one model-compose action: a binding Baton runs, or an entry saying what would serve it.</summary>
/// <remarks><c>shell</c> is a <c>process</c> binding (the same argv; <c>output: text</c>; model-compose's <c>result.stdout</c> is
/// the stripped stdout); <c>http-client</c> an <c>http</c> binding (<c>endpoint</c>, or <c>base_url</c> plus <c>path</c>, or the
/// seed's <c>url</c>; <c>params</c> as the query; the component's and the action's <c>headers</c>); <c>http-server</c> an
/// <c>http</c> binding to <c>http://127.0.0.1:{port}{base_path}{path}</c> with private addresses allowed (its <c>start</c> command is
/// named in the description: start it beside Baton). An action's <c>output</c> is the binding's <c>result</c> mapping, reading
/// <c>result</c> (and <c>response</c>, the same value). <c>${env.X}</c> in a header is the app setting X, read at dispatch when
/// <c>BATON_SECRETS_ALLOW</c> lets bindings read it. Times without a unit are seconds on an action (the reference) and milliseconds
/// on a seed-format component (<c>timeout</c>, <c>retry</c>).</remarks>
internal static class ComposeBindings
{
    private static readonly string[] Runnable = ["shell", "http-client", "http-server"];

    public static JsonObject? Binding(ComposeComponents.Action a, JsonObject component, string componentPath, ImportBuilder b)
    {
        if (Runnable.Contains(a.Type) && Structural(a.Config) is { } op)
        {
            return Unbound(a, component, $"it shapes its request or result with model-compose's '{op}' operator, which Baton's templates do not have");
        }
        var problems = b.Problems.Count;
        var made = Made(a, component, componentPath, b);
        // A value of the action Baton cannot read (a gateway's URL, a secret in a URL or command, a per-item conversion) leaves
        // the task for the user to bind, with the reason, instead of refusing the file.
        if (b.Problems.Skip(problems).FirstOrDefault(p => p.Code == "BTN076") is { } unreadable)
        {
            b.Problems.RemoveRange(problems, b.Problems.Count - problems);
            return Unbound(a, component, $"it reads {Quoted(unreadable.Message)}");
        }
        return made;
    }

    private static JsonObject? Made(ComposeComponents.Action a, JsonObject component, string componentPath, ImportBuilder b)
    {
        var binding = a.Type switch
        {
            "shell" => Shell(a, component, b),
            "http-client" => Client(a, component, b),
            "http-server" => Server(a, component, b),
            "workflow" => null,
            _ => Unbound(a, component, null),
        };
        if (binding is null || !Runnable.Contains(a.Type))
        {
            return binding;
        }
        var resultScope = new ComposeScope(Roots(("result", "result"), ("response", "result"), ("input", "input"), ("context", "task"))) { TrimStdout = a.Type == "shell" };
        if (a.Config["output"] is { } output)
        {
            var problems = b.Problems.Count;
            var mapping = ComposeText.Value(output, resultScope, PathText.Key(a.Path, "output"), b);
            if (resultScope.Streamed || a.Config.ContainsKey("stream_format"))
            {
                // A streamed answer is read chunk by chunk; Baton's http runner reads a response whole.
                b.Problems.RemoveRange(problems, b.Problems.Count - problems);
                return Unbound(a, component, "it streams its answer (stream_format, ${response[]...}), and Baton's http runner reads a response whole");
            }
            binding["result"] = mapping;
        }
        // The seed documents' flat components write milliseconds; the reference's actions write seconds.
        var timeout = ReferenceEquals(a.Config, component) ? ImportText.Milliseconds(component["timeout"]) : Seconds(a.Config["timeout"]);
        if (timeout is not null)
        {
            binding["timeout"] = timeout;
        }
        if (component["retry"] is { } retry && SeedRetry(retry, PathText.Key(componentPath, "retry"), b) is { } policy)
        {
            binding["retry"] = policy;
        }
        return binding;
    }

    private static JsonObject? Shell(ComposeComponents.Action a, JsonObject component, ImportBuilder b)
    {
        var scope = new ComposeScope(Roots(("input", "input"), ("context", "task")));
        switch (a.Config["command"] ?? component["command"])
        {
            case JsonArray { Count: > 0 } command:
                var binding = new JsonObject
                {
                    ["runner"] = "process",
                    ["command"] = ComposeText.Value(command, scope, PathText.Key(a.Path, "command"), b),
                    ["output"] = "text",
                };
                if ((a.Config["working_dir"] ?? a.Config["workdir"] ?? component["working_dir"] ?? component["workdir"]) is { } workdir)
                {
                    binding["workdir"] = workdir.DeepClone();
                }
                if (Merge(component["env"], a.Config["env"]) is { } env)
                {
                    binding["env"] = ComposeText.Value(env, scope, PathText.Key(a.Path, "env"), b);
                }
                return binding;
            case JsonValue v when v.TryGetValue<string>(out var text):
                var argv = string.Join(", ", text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Contains(' ', StringComparison.Ordinal) ? $"\"{w}\"" : w));
                b.Error("BTN051", PathText.Key(a.Config.ContainsKey("command") ? a.Path : "component", "command"),
                    "A shell component's command must be an argv list; a command string would need a shell, and Baton never runs one.",
                    $"Write command: [ {argv} ] (each argument its own item).");
                return null;
            default:
                b.Error("BTN072", a.Path, "A shell action needs its 'command' (an argv list).", "Add command: [ python, script.py ].");
                return null;
        }
    }

    private static JsonObject Client(ComposeComponents.Action a, JsonObject component, ImportBuilder b)
    {
        var c = a.Config;
        var scope = new ComposeScope(Roots(("input", "input"), ("context", "task")));
        var path = ComposeText.Text(Str(c["path"]) ?? "", scope, PathText.Key(a.Path, "path"), b);
        if ((c.ContainsKey("url") || component.ContainsKey("url")) && (c.ContainsKey("endpoint") || component.ContainsKey("endpoint")))
        {
            b.Error("BTN074", PathText.Key(a.Path, "endpoint"), "An http-client component gives both 'url' and 'endpoint'.", "Keep one: they name the same thing.");
        }
        var url = Str(c["endpoint"]) ?? Str(c["url"]) ?? Str(component["endpoint"]) ?? Str(component["url"]);
        url = url is not null ? ComposeText.Text(url, scope, PathText.Key(a.Path, "endpoint"), b) + path
            : Str(component["base_url"] ?? c["base_url"]) is { } baseUrl ? ComposeText.Text(baseUrl, scope, "component.base_url", b) + path
            : "${input.url}" + path;
        // A URL the file writes with a loopback or private host says where the service is: Baton may connect there.
        return Http(a, component, b, url + Query(c["params"], scope, PathText.Key(a.Path, "params"), b, url.Contains('?', StringComparison.Ordinal)), allowPrivate: WritesPrivateHost(url));
    }

    private static JsonObject Server(ComposeComponents.Action a, JsonObject component, ImportBuilder b)
    {
        var port = ImportText.Integer(a.Config["port"] ?? component["port"]) is int n and > 0 and < 65536 ? n : 8000;
        var basePath = Str(component["base_path"]) ?? "";
        var binding = Http(a, component, b, $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{basePath}{Str(a.Config["path"]) ?? ""}", allowPrivate: true);
        var manage = component["manage"] as JsonObject;
        var start = component["start"] ?? manage?["scripts"]?["start"];
        if (start is JsonArray argv && argv.All(x => x is JsonValue v && v.TryGetValue<string>(out _)))
        {
            // The server is started by the binding before its first call, and kept running (see the catalog's 'serve').
            var serve = new JsonObject { ["command"] = argv.DeepClone(), ["port"] = port };
            if ((manage?["working_dir"] ?? component["working_dir"]) is { } workdir)
            {
                serve["workdir"] = workdir.DeepClone();
            }
            if ((manage?["env"] ?? component["env"]) is JsonObject env)
            {
                serve["env"] = env.DeepClone();
            }
            binding["serve"] = serve;
            binding["description"] = $"model-compose http-server component '{a.Component}': a local server on port {port}, started by: {string.Join(' ', argv.Select(x => x?.ToString()))}";
            return binding;
        }
        binding["description"] = $"model-compose http-server component '{a.Component}': a local server on port {port}" +
            (start is null ? "" : $", started by: {start.ToJsonString()} (a command string: start it beside Baton, or write it as an argv list)") +
            (start is null ? " (start it beside Baton)" : "");
        return binding;
    }

    private static bool WritesPrivateHost(string url)
    {
        if (!Uri.TryCreate(url.Split("${")[0], UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return false;
        }
        return uri.IsLoopback || System.Net.IPAddress.TryParse(uri.Host, out var ip) && ip.GetAddressBytes() is [10, ..] or [192, 168, ..] or [172, >= 16 and <= 31, ..];
    }

    private static JsonObject Http(ComposeComponents.Action a, JsonObject component, ImportBuilder b, string url, bool allowPrivate)
    {
        var scope = new ComposeScope(Roots(("input", "input"), ("context", "task")));
        var binding = new JsonObject { ["runner"] = "http", ["method"] = (Str(a.Config["method"]) ?? "POST").ToUpperInvariant(), ["url"] = url };
        if (Merge(component["headers"], a.Config["headers"]) is JsonObject headers)
        {
            // A header may read an app setting (an API key) at dispatch; nothing else in a binding may.
            binding["headers"] = ComposeText.Value(headers, scope.With(("env", "secrets")), PathText.Key(a.Path, "headers"), b);
        }
        if ((a.Config["body"] ?? component["body"]) is { } body)
        {
            binding["body"] = ComposeText.Value(body, scope, PathText.Key(a.Path, "body"), b);
        }
        if (allowPrivate)
        {
            binding["allow_private_network"] = true;
        }
        return binding;
    }

    // The query: names and literal text percent-encoded; each ${...} left for the http runner, which encodes a value placed in the query.
    private static string Query(JsonNode? node, ComposeScope scope, string path, ImportBuilder b, bool hasQuery)
    {
        if (node is not JsonObject map)
        {
            if (node is not null)
            {
                b.Error("BTN073", path, "'params' must be a mapping of query parameters.", "Write params: { q: ${input.city}, units: metric }.");
            }
            return "";
        }
        var pairs = new List<string>();
        foreach (var (name, value) in map)
        {
            var text = value switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var s) => EscapeLiteralText(ComposeText.Text(s, scope, PathText.Key(path, name), b)),
                JsonValue v => Uri.EscapeDataString(v.ToJsonString()),
                _ => null,
            };
            if (text is null)
            {
                b.Error("BTN073", PathText.Key(path, name), $"Query parameter '{name}' must be a single value.", $"Write {name}: ${{input.{name}}}, or a plain value.");
                continue;
            }
            pairs.Add(Uri.EscapeDataString(name) + "=" + text);
        }
        return pairs.Count == 0 ? "" : (hasQuery ? "&" : "?") + string.Join('&', pairs);
    }

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

    // A component Baton has no runner for: an entry without one, saying what it was and what would serve it.
    private static JsonObject Unbound(ComposeComponents.Action a, JsonObject component, string? why)
    {
        var facts = new[] { "driver", "model", "task", "method" }
            .Select(k => (a.Config[k] ?? component[k]) is JsonValue v && v.TryGetValue<string>(out var s) ? $"{k}: {s}" : null).OfType<string>().ToList();
        var what = $"model-compose {a.Type} component '{a.Component}'" + (a.Id == "__default__" ? "" : $", action '{a.Id}'") + (facts.Count == 0 ? "" : $" ({string.Join(", ", facts)})");
        var serve = a.Type is "model" or "agent" ? "an HTTP inference endpoint (runner: http) or a container image serving the model (runner: container)"
            : "an HTTP service (runner: http), a container image (runner: container) or a process (runner: process) that does the same";
        return new JsonObject { ["description"] = $"{what}. {(why is null ? "Baton has no runner for it" : $"Baton cannot run it as written: {why}")}: bind this task to {serve}." };
    }

    private static JsonObject? SeedRetry(JsonNode node, string path, ImportBuilder b)
    {
        if (node is not JsonObject r)
        {
            return null;
        }
        var policy = new JsonObject();
        if ((r["attempts"] ?? r["max_attempts"] ?? r["max_attempt_count"]) is { } attempts)
        {
            policy["max_attempts"] = attempts.DeepClone();
        }
        if (r["delay"] is { } delay && ImportText.Milliseconds(delay) is { } d)
        {
            policy["initial_delay"] = d;
        }
        if (r["max_delay"] is { } max && ImportText.Milliseconds(max) is { } m)
        {
            policy["max_delay"] = m;
        }
        if (Str(r["backoff"]) is "exponential" or "fixed")
        {
            policy["backoff"] = r["backoff"]!.DeepClone();
        }
        b.OnlyKeys(r, path, "retry", "attempts", "max_attempts", "max_attempt_count", "delay", "backoff", "max_delay");
        return policy;
    }

    /// <summary>A duration written as seconds (a number) or with a unit (<c>5s</c>, <c>500ms</c>, <c>2m</c>), as Baton writes it; null otherwise.</summary>
    public static string? Seconds(JsonNode? value)
    {
        if (ImportText.Number(value) is double seconds && seconds > 0)
        {
            var ms = (long)Math.Round(seconds * 1000);
            return ms % 1000 == 0 ? $"{ms / 1000}s" : $"{ms}ms";
        }
        return Str(value) is { } text && Duration.TryParse(text, out var parsed) ? Duration.Format(parsed)
            : Str(value) is { } number && double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? Seconds(JsonValue.Create(s)) : null;
    }

    // The first of model-compose's structural operators ("*" map, "?" choice, "+" join, "|" split, "..." spread) a value uses; else null.
    private static string? Structural(JsonNode? node) => node switch
    {
        JsonObject o => o.Select(p => p.Key).FirstOrDefault(k => k is "*" or "?" or "+" or "|" or "...") ?? o.Select(p => Structural(p.Value)).FirstOrDefault(x => x is not null),
        JsonArray l => l.Select(Structural).FirstOrDefault(x => x is not null) ?? (l.Any(i => i is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith("...${", StringComparison.Ordinal)) ? "..." : null),
        _ => null,
    };

    // The value a problem message names, for the reason an entry is left unbound.
    private static string Quoted(string message) => message.IndexOf('\'', StringComparison.Ordinal) is var open and >= 0 && message.IndexOf('\'', open + 1) is var close and > 0
        ? message[open..(close + 1)] + message[(close + 1)..].Split('.')[0] : message;

    private static JsonNode? Merge(JsonNode? shared, JsonNode? own) => (shared, own) switch
    {
        (JsonObject s, JsonObject o) => new JsonObject(s.Concat(o).GroupBy(p => p.Key).Select(g => KeyValuePair.Create(g.Key, g.Last().Value?.DeepClone()))),
        (null, var o) => o?.DeepClone(),
        (var s, null) => s.DeepClone(),
        (_, var o) => o.DeepClone(),
    };

    private static Dictionary<string, string> Roots(params (string Name, string Baton)[] roots) => roots.ToDictionary(r => r.Name, r => r.Baton, StringComparer.Ordinal);

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
