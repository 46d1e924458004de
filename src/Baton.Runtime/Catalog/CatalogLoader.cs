using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Expressions;

namespace Baton.Runtime.Catalog;

/// <summary>Reads a catalog file (<c>kind: Catalog</c>) and reports every problem with file, line, column and fix.</summary>
public static partial class CatalogLoader
{
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w.\]'-])secrets\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial System.Text.RegularExpressions.Regex SecretReference();

    private static readonly string[] TopKeys = ["apiVersion", "kind", "metadata", "tasks"];
    private static readonly string[] Runners = ["function", "process", "http", "event", "container", "evaluate", "sql", "file", "plugin"];
    private static readonly string[] Common = ["circuit_breaker", "max_concurrency", "pool", "retry", "timeout", "result", .. ContractReader.Keys];
    private static readonly string[] FunctionKeys = ["runner", "function", .. Common];
    private static readonly string[] ProcessKeys = ["runner", "command", "workdir", "env", "stdin", "output", .. Common];
    private static readonly string[] HttpKeys = ["runner", "method", "url", "headers", "body", "allow_private_network", "serve", .. Common];
    private static readonly string[] ContainerKeys = ["runner", "image", "command", "env", "network", "output", "platform", "cpu", "memory_gb", .. Common];
    private static readonly string[] EvaluateKeys = ["runner", "slo", "slo_file", "sli", "subject", .. Common];
    private static readonly string[] EventKeys = ["runner", "endpoint", "event", "type_prefix", "key_setting", "source", "data", "redeliver_after",
        "allow_private_network", .. Common];

    /// <summary>Parses a catalog; relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    /// <remarks>A seed 004 model-compose file is read as the catalog its <c>components</c> describe. Files an evaluate
    /// binding names (<c>slo_file</c>, <c>queries_file</c>) are read only with <paramref name="readFiles"/>, which the
    /// CLI sets for a catalog on its own disk; a catalog uploaded to a host or kept in a store must have them inlined
    /// (<see cref="EvaluateBindingReader.Inline"/>), so a host never reads files a caller names.</remarks>
    public static (TaskCatalog? Catalog, IReadOnlyList<Diagnostic> Diagnostics) Load(string text, string file, string baseDirectory, bool readFiles = false)
    {
        var (doc, syntax) = SourceReader.Read(text, file);
        if (doc is null)
        {
            return (null, syntax);
        }
        if (Core.Definitions.Import.Importers.Detect(doc) == Core.Definitions.Import.Importers.Compose
            && Core.Definitions.Import.Importers.Import(doc) is { } imported)
        {
            return imported.Problems.Count > 0 ? (null, imported.Problems)
                : Load(imported.Catalog?.ToJsonString() ?? $"{{\"apiVersion\":\"{DefinitionLoader.ApiVersion}\",\"kind\":\"Catalog\",\"tasks\":{{}}}}", file, baseDirectory, readFiles);
        }
        var sink = new DiagnosticSink(doc);
        if (doc.Root is not JsonObject root)
        {
            sink.Add("BTN012", "", "A catalog must be a mapping.", "Start with 'apiVersion: baton.dev/v1', 'kind: Catalog' and 'tasks:'.");
            return (null, sink.Sorted());
        }
        var r = new ObjectReader(sink, root, "", TopKeys);
        r.Header("Catalog", "a catalog");
        var metadata = r.Object("metadata", required: false, "name", "version", "description");
        var (catalogName, catalogVersion) = (metadata?.String("name"), metadata?.String("version"));
        if (catalogName is not null && !Core.Definitions.Names.IsValidName(catalogName))
        {
            sink.Add("BTN017", "metadata.name", $"'{catalogName}' is not a valid catalog name.", Core.Definitions.Names.NameRule);
        }
        if (catalogVersion is not null && !Core.Definitions.Names.IsValidVersion(catalogVersion))
        {
            sink.Add("BTN089", "metadata.version", $"'{Core.Definitions.Names.Printable(catalogVersion)}' is not a valid version.", Core.Definitions.Names.VersionRule);
        }
        var tasks = ImmutableDictionary.CreateBuilder<string, TaskBinding>(StringComparer.Ordinal);
        if (r.Node["tasks"] is JsonObject taskMap)
        {
            foreach (var (name, node) in taskMap)
            {
                var path = $"tasks.{name}";
                if (node is not JsonObject obj)
                {
                    sink.Add("BTN012", path, $"Task '{name}' must be a mapping.", "Write 'runner: function|process|http|event|container|sql|file' and its settings.");
                    continue;
                }
                if (ReadBinding(sink, name, obj, path, baseDirectory, readFiles) is { } binding)
                {
                    tasks[name] = binding;
                }
            }
        }
        else
        {
            r.Missing("tasks", "tasks: { my-task: { runner: process, command: [\"./tool\"] } }");
        }
        var diagnostics = sink.Sorted();
        var catalog = new TaskCatalog(tasks.ToImmutable(), baseDirectory) { Name = catalogName, Version = catalogVersion };
        return (diagnostics.Count == 0 ? catalog : null, diagnostics);
    }

    private static TaskBinding? ReadBinding(DiagnosticSink sink, string name, JsonObject obj, string path, string baseDirectory, bool readFiles)
    {
        var runner = obj["runner"] is JsonValue v && Values.IsString(v) ? v.GetValue<string>() : null;
        if (runner is null || !Runners.Contains(runner))
        {
            var said = obj["description"] is JsonValue d && Values.IsString(d) ? $" It is: {d.GetValue<string>()}" : "";
            sink.Add("BTN050", $"{path}.runner", runner is null ? $"Task '{name}' does not say its runner.{said}" : $"'{runner}' is not a runner.",
                $"Set 'runner' to one of: {string.Join(", ", Runners)}." + (runner is null ? "" : " " + Suggest.Hint(runner, Runners)));
            return null;
        }
        try
        {
            TaskBinding? binding = runner switch
            {
                "function" => ReadFunction(new ObjectReader(sink, obj, path, FunctionKeys), name),
                "process" => ReadProcess(new ObjectReader(sink, obj, path, ProcessKeys), name, sink),
                "event" => ReadEvent(new ObjectReader(sink, obj, path, EventKeys), name, sink),
                "container" => ReadContainer(new ObjectReader(sink, obj, path, ContainerKeys), name, sink),
                "evaluate" => EvaluateBindingReader.Read(new ObjectReader(sink, obj, path, EvaluateKeys), name, sink, readFiles ? baseDirectory : null),
                "sql" => SqlBindingReader.Read(new ObjectReader(sink, obj, path, [.. SqlBindingReader.Keys, .. Common]), name, sink),
                "plugin" => PluginBinding.Read(new ObjectReader(sink, obj, path, [.. PluginBinding.Keys, .. Common]), name, sink),
                "file" => FileBindingReader.Read(new ObjectReader(sink, obj, path, [.. FileBindingReader.Keys, .. Common]), name, sink, baseDirectory),
                _ => ReadHttp(new ObjectReader(sink, obj, path, HttpKeys), name, sink),
            };
            if (binding is null)
            {
                return null;
            }
            var common = new ObjectReader(sink, obj, path, [.. obj.Select(p => p.Key)]);
            var pooled = ServicePoolReader.Read(common, sink, binding with
            {
                CircuitBreaker = ReadCircuitBreaker(common, sink),
                MaxConcurrency = common.Int("max_concurrency", 1, 10_000),
                Retry = RetryPolicy.Read(common, "retry"),
                ResultMapping = obj["result"] is { } mapping ? TemplateTree.Parse(mapping) : null,
            });
            return ContractReader.Read(common, sink, pooled);
        }
        catch (TemplateTreeException ex)
        {
            sink.Add("BTN030", $"{path}.{ex.Path}", ex.Reason, "Fix the expression.");
            return null;
        }
    }

    /// <summary>Reads <c>circuit_breaker: { failures: 5, open_for: 30s, while_open: fail | wait }</c>; null when absent or unusable.</summary>
    private static CircuitBreakerPolicy? ReadCircuitBreaker(ObjectReader binding, DiagnosticSink sink)
    {
        var r = binding.Object("circuit_breaker", required: false, "failures", "open_for", "while_open");
        if (r is null)
        {
            return null;
        }
        var failures = r.Int("failures", 1, 1000);
        var openFor = r.Duration("open_for");
        if (r.Has("failures") && failures is null || r.Has("open_for") && openFor is null)
        {
            return null; // reported by the reader
        }
        if (openFor is { } o && o <= TimeSpan.Zero)
        {
            sink.Add("BTN013", r.At("open_for"), "'open_for' must be longer than zero.", "Give how long the circuit stays open, e.g. open_for: 30s.");
            return null;
        }
        var whileOpen = r.String("while_open") ?? "fail";
        if (whileOpen is not ("fail" or "wait"))
        {
            sink.Add("BTN015", r.At("while_open"), $"'{whileOpen}' is not a valid while_open.", "Use 'fail' (attempts fail at once with CircuitOpen) or 'wait' (attempts wait for the probe).");
            return null;
        }
        return new CircuitBreakerPolicy(failures ?? 5, openFor ?? TimeSpan.FromSeconds(30), whileOpen == "wait");
    }

    private static FunctionBinding ReadFunction(ObjectReader r, string name) =>
        new(name, r.String("function") ?? name, r.Duration("timeout"));

    private static ProcessBinding? ReadProcess(ObjectReader r, string name, DiagnosticSink sink)
    {
        if (ReadArgv(r, sink, required: true) is not { } argv)
        {
            return null;
        }
        return new ProcessBinding(name, argv, r.String("workdir"), ReadEnv(r, sink),
            r.String("stdin") is { } stdin ? Parse(stdin, r.At("stdin"), sink) : null, ReadTextOutput(r, sink), r.Duration("timeout"));
    }

    private static ContainerBinding? ReadContainer(ObjectReader r, string name, DiagnosticSink sink)
    {
        var image = r.String("image", required: true, example: "image: localhost/my-tool:1");
        var argv = ReadArgv(r, sink, required: false);
        var network = r.String("network") ?? "none";
        if (network is not ("none" or "bridge" or "host"))
        {
            sink.Add("BTN015", r.At("network"), $"'{network}' is not a network mode.", "Use 'none' (default), 'bridge' or 'host'.");
        }
        var platform = r.String("platform");
        if (platform is not null && !ContainerBinding.Platforms.Contains(platform))
        {
            sink.Add("BTN015", r.At("platform"), $"'{platform}' is not a container platform.",
                "Use 'docker' (the Docker Engine API, podman locally) or 'aci' (Azure Container Instances), or leave it out to follow BATON_CONTAINER_PLATFORM.");
        }
        return image is null || argv is null ? null
            : new ContainerBinding(name, image, argv.Value, ReadEnv(r, sink), network, ReadTextOutput(r, sink), r.Duration("timeout"),
                platform, r.Number("cpu", 0.1, 4), r.Number("memory_gb", 0.1, 16));
    }

    /// <summary>Reads <c>command</c> as an argv list of templates; a shell string is refused. Null when unusable.</summary>
    private static ImmutableArray<Template>? ReadArgv(ObjectReader r, DiagnosticSink sink, bool required)
    {
        if (r.Node["command"] is JsonValue single && Values.IsString(single))
        {
            sink.Add("BTN051", r.At("command"), "A command must be an argv list, never a shell string.",
                "Write it as a list: command: [\"tool\", \"--flag\", \"${input.value}\"].");
            return null;
        }
        var argv = r.StringList("command");
        if (argv.IsEmpty && required)
        {
            r.Missing("command", "command: [\"tool\", \"arg\"]");
            return null;
        }
        return [.. argv.Select((a, i) => Parse(a, $"{r.At("command")}[{i}]", sink))];
    }

    private static ImmutableDictionary<string, Template> ReadEnv(ObjectReader r, DiagnosticSink sink)
    {
        var env = ImmutableDictionary.CreateBuilder<string, Template>(StringComparer.Ordinal);
        foreach (var (key, value) in r.Map("env") ?? [])
        {
            env[key] = Parse(Values.Text(value), $"{r.At("env")}.{key}", sink);
        }
        return env.ToImmutable();
    }

    private static bool ReadTextOutput(ObjectReader r, DiagnosticSink sink)
    {
        var output = r.String("output") ?? "json";
        if (output is not ("json" or "text"))
        {
            sink.Add("BTN015", r.At("output"), $"'{output}' is not an output mode.", "Use 'json' or 'text'.");
        }
        return output == "text";
    }

    private static HttpBinding? ReadHttp(ObjectReader r, string name, DiagnosticSink sink)
    {
        var url = r.String("url", required: true, example: "url: https://example.com/api");
        var method = (r.String("method") ?? "POST").ToUpperInvariant();
        var headers = ImmutableDictionary.CreateBuilder<string, Template>(StringComparer.OrdinalIgnoreCase);
        var secrets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in r.Map("headers") ?? [])
        {
            var text = Values.Text(value);
            headers[key] = Parse(text, $"{r.At("headers")}.{key}", sink);
            secrets.UnionWith(SecretReference().Matches(text).Select(m => m.Groups[1].Value));
        }
        var body = r.Node.ContainsKey("body") ? TemplateTree.Parse(r.Node["body"]) : null;
        return url is null ? null : new HttpBinding(name, method, Parse(url, r.At("url"), sink), headers.ToImmutable(), body, AllowsPrivate(r), r.Duration("timeout"))
        {
            Secrets = [.. secrets],
            Serve = ServeSpec.Read(r, sink, url),
        };
    }

    private static EventBinding? ReadEvent(ObjectReader r, string name, DiagnosticSink sink)
    {
        var endpoint = r.String("endpoint", required: true, example: "endpoint: https://my-topic.westeurope-1.eventgrid.azure.net/api/events");
        var key = SecretSetting(r, sink, "key_setting", "the topic's key", "MY_TOPIC_KEY");
        var eventName = r.String("event") ?? name;
        var type = (r.String("type_prefix") ?? "") + eventName;
        if (type.Length == 0 || type.Any(char.IsWhiteSpace))
        {
            sink.Add("BTN015", r.At("event"), $"'{type}' is not a usable event type.", "Use a name without spaces, e.g. 'event: checknumber'.");
        }
        var redeliver = r.Duration("redeliver_after") ?? TimeSpan.FromMinutes(10);
        var data = r.Node.ContainsKey("data") ? TemplateTree.Parse(r.Node["data"]) : null;
        return endpoint is null || key is null ? null : new EventBinding(name, Parse(endpoint, r.At("endpoint"), sink), type, key,
            r.String("source") ?? "/baton", data, redeliver, AllowsPrivate(r), r.Duration("timeout"));
    }

    /// <summary>Reads the required key naming the app setting a binding reads a secret from; the host's own settings are refused (BTN092).</summary>
    internal static string? SecretSetting(ObjectReader r, DiagnosticSink sink, string key, string holds, string example)
    {
        var setting = r.String(key, required: true, example: $"{key}: {example}");
        if (setting is not null && SettingNames.IsProtected(setting))
        {
            sink.Add("BTN092", r.At(key), $"'{Names.Printable(setting)}' is one of the host's own settings (its storage, keys, identity or runtime), which no binding may read.",
                $"Put {holds} in a setting of its own, e.g. '{key}: {example}', and allow it in {SettingNames.SecretsAllowSetting}.");
        }
        return setting;
    }

    internal static bool AllowsPrivate(ObjectReader r) => r.Node["allow_private_network"] is JsonValue a && a.TryGetValue<bool>(out var b) && b;

    internal static Template Parse(string text, string path, DiagnosticSink sink)
    {
        try
        {
            return Template.Parse(text);
        }
        catch (ExpressionException ex)
        {
            sink.Add("BTN030", path, ex.Message, "Fix the expression.");
            return Template.Parse(string.Empty);
        }
    }
}
