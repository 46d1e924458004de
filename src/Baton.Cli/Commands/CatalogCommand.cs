using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Runtime.Catalog;

namespace Baton.Cli.Commands;

/// <summary><c>baton catalog list | show | check</c>: the tasks of a catalog file with their contracts, and the wiring of
/// workflows checked against them.</summary>
internal static class CatalogCommand
{
    public static Command Create()
    {
        var cmd = new Command("catalog", "List a catalog's tasks and contracts, show one, or check workflows' wiring against it.");
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(Check());
        return cmd;
    }

    private static Argument<string> FileArgument() => new("catalog") { Description = "The catalog file (default: catalog.yaml here).", DefaultValueFactory = _ => "catalog.yaml" };

    private static Command List()
    {
        var (file, json) = (FileArgument(), CommonOptions.Json());
        var cmd = new Command("list", "List the catalog's tasks: runner, version, roles and which schemas they declare.") { file, json };
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var catalog = Load(parse.GetValue(file)!);
            var tasks = catalog.Tasks.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(new JsonArray([.. tasks.Select(t => (JsonNode)Describe(t))]).ToJsonString(JsonOutput.Indented));
                return Task.FromResult(ExitCodes.Ok);
            }
            var rows = tasks.Select(t => new[] { t.Name, RunnerOf(t), t.ContractVersion ?? "-", t.Roles.IsEmpty ? "-" : string.Join(",", t.Roles),
                t.Contract?.InputSchema is null ? "-" : "yes", t.Contract?.OutputSchema is null ? "-" : "yes" }).Prepend(["TASK", "RUNNER", "VERSION", "ROLES", "INPUT", "OUTPUT"]).ToList();
            var widths = Enumerable.Range(0, 6).Select(i => rows.Max(r => r[i].Length)).ToArray();
            foreach (var row in rows)
            {
                Console.Out.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
            }
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }

    private static Command Show()
    {
        var (file, json) = (FileArgument(), CommonOptions.Json());
        var task = new Argument<string>("task") { Description = "The task to show." };
        var cmd = new Command("show", "Show one task's contract: version, roles, description, data format, input and output schemas.") { task, file, json };
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var catalog = Load(parse.GetValue(file)!);
            var name = parse.GetValue(task)!;
            if (!catalog.Tasks.TryGetValue(name, out var binding))
            {
                throw new CliError($"The catalog has no task '{name}'.", ExitCodes.InvalidInput,
                    [Core.Definitions.Suggest.DidYouMean(name, catalog.Tasks.Keys)]);
            }
            var described = Describe(binding);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(described.ToJsonString(JsonOutput.Indented));
                return Task.FromResult(ExitCodes.Ok);
            }
            foreach (var (key, value) in described)
            {
                Console.Out.WriteLine($"{key}: {value switch
                {
                    JsonValue v => v.ToString(),
                    JsonArray list when list.All(i => i is JsonValue) => string.Join(", ", list),
                    _ => value?.ToJsonString(JsonOutput.Indented) ?? "-",
                }}");
            }
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }

    private static Command Check()
    {
        var file = FileArgument();
        var workflows = new Argument<string[]>("workflows") { Description = "Workflow files whose wiring to check (default: every workflow beside the catalog).", Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("check", "Check the catalog, then each workflow's tasks and wiring against its contracts.") { file, workflows };
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var catalogFile = parse.GetValue(file)!;
            var catalog = Load(catalogFile);
            Console.Out.WriteLine($"✔ {catalogFile}: {catalog.Tasks.Count} task(s), {catalog.Contracts().Count} with a contract");
            var failed = 0;
            foreach (var workflow in parse.GetValue(workflows) is { Length: > 0 } given ? given : Beside(catalogFile))
            {
                try
                {
                    var loaded = DefinitionFiles.Load(workflow, catalogFile);
                    Console.Out.WriteLine($"✔ {workflow}: {loaded.Definition.Metadata.Name} v{loaded.Definition.Metadata.Version} is wired as the contracts say");
                }
                catch (CliError e)
                {
                    failed++;
                    CliRunner.Report(e);
                }
            }
            return Task.FromResult(failed == 0 ? ExitCodes.Ok : ExitCodes.InvalidInput);
        }));
        return cmd;
    }

    private static TaskCatalog Load(string file)
    {
        var full = Path.GetFullPath(file);
        var (catalog, problems) = CatalogLoader.Load(TextFiles.Read(full, "catalog"), file, Path.GetDirectoryName(full)!, readFiles: true);
        return catalog ?? throw new CliError($"{file} has {problems.Count} problem(s).", ExitCodes.InvalidInput, [.. problems.Select(p => p.ToString())]);
    }

    // The workflows beside a catalog: the YAML and JSON files there that say kind: Workflow.
    private static IEnumerable<string> Beside(string catalogFile) =>
        Directory.EnumerateFiles(Path.GetDirectoryName(Path.GetFullPath(catalogFile))!)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Where(f => Core.Definitions.SourceReader.Read(TextFiles.Read(f, "workflow"), f).Document?.Root?["kind"]?.ToString() == "Workflow")
            .Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(Environment.CurrentDirectory, f));

    private static JsonObject Describe(TaskBinding t)
    {
        var o = new JsonObject { ["name"] = t.Name, ["runner"] = RunnerOf(t) };
        Add(o, "version", t.ContractVersion);
        if (!t.Roles.IsEmpty)
        {
            o["roles"] = new JsonArray([.. t.Roles.Select(r => (JsonNode)r)]);
        }
        Add(o, "description", t.Description);
        o["format"] = t.Format.Name;
        Add(o, "input_message", t.Format.InputMessage);
        Add(o, "output_message", t.Format.OutputMessage);
        if (t.ServicePool is { } pool)
        {
            // The queue's name is what infra/ needs to scale the pool in Azure (poolQueue in its pools parameter).
            o["pool"] = new JsonObject
            {
                ["min"] = pool.Min,
                ["max"] = pool.Max,
                ["target_per_replica"] = pool.TargetPerReplica,
                ["scale_down_after"] = Core.Definitions.Duration.Format(pool.ScaleDownAfter),
                ["queue"] = Runtime.Pools.ServicePoolQueues.QueueName(t.Name),
            };
        }
        o["input_schema"] = t.Contract?.InputSchema?.DeepClone();
        o["output_schema"] = t.Contract?.OutputSchema?.DeepClone();
        return o;
    }

    private static void Add(JsonObject o, string key, string? value)
    {
        if (value is not null)
        {
            o[key] = value;
        }
    }

    private static string RunnerOf(TaskBinding t) => t switch
    {
        FunctionBinding => "function",
        ProcessBinding => "process",
        HttpBinding => "http",
        EventBinding => "event",
        ContainerBinding => "container",
        EvaluateBinding => "evaluate",
        SqlBinding => "sql",
        FileBinding => "file",
        PluginBinding => "plugin",
        _ => "workflow",
    };
}
