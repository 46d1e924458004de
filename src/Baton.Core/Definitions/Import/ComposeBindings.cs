using System.Globalization;
using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>The catalog entry of one model-compose action: a binding Baton runs, or an entry saying what would serve it.</summary>
/// <remarks><c>shell</c> is a <c>process</c> binding (the same argv; <c>output: text</c>; model-compose's <c>result.stdout</c> is
/// the stripped stdout); <c>http-client</c> an <c>http</c> binding (<c>endpoint</c>, or <c>base_url</c> plus <c>path</c>, or the
/// seed's <c>url</c>; <c>params</c> as the query; the component's and the action's <c>headers</c>); <c>http-server</c> an
/// <c>http</c> binding to <c>http://127.0.0.1:{port}{base_path}{path}</c> with private addresses allowed, whose <c>start</c> argv
/// is the binding's <c>serve</c> (Baton starts the server before the first call). An action's <c>output</c> is the binding's <c>result</c> mapping, reading
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
            "http-client" => ComposeHttp.Client(a, component, b),
            "http-server" => ComposeHttp.Server(a, component, b),
            "workflow" => null,
            _ => Unbound(a, component, null),
        };
        if (binding is null || !Runnable.Contains(a.Type))
        {
            return binding;
        }
        var resultScope = ComposeScope.Binding(("result", "result"), ("response", "result"));
        resultScope = new ComposeScope(resultScope.Roots) { Members = resultScope.Members, TrimStdout = a.Type == "shell" };
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
        var scope = ComposeScope.Binding();
        switch (a.Config["command"] ?? component["command"])
        {
            case JsonArray { Count: > 0 } command:
                if (command.Count > 2 && command[0]?.ToString() is "sh" or "bash" or "zsh" or "/bin/sh" or "/bin/bash" && command[1]?.ToString() == "-c"
                    && command[2]?.ToString().Contains("${", StringComparison.Ordinal) == true)
                {
                    b.Warning("BTN051", PathText.Key(a.Path, "command"), "The job's input becomes part of a shell script here, so a value can run commands of its own.",
                        "Pass values as arguments after the script: [ sh, -c, 'echo \"$1\"', sh, \"${input.text}\" ].");
                }
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

    internal static JsonNode? Merge(JsonNode? shared, JsonNode? own) => (shared, own) switch
    {
        (JsonObject s, JsonObject o) => new JsonObject(s.Concat(o).GroupBy(p => p.Key).Select(g => KeyValuePair.Create(g.Key, g.Last().Value?.DeepClone()))),
        (null, var o) => o?.DeepClone(),
        (var s, null) => s.DeepClone(),
        (_, var o) => o.DeepClone(),
    };


    internal static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
