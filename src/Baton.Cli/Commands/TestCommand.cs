using System.CommandLine;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Runtime.WorkflowTests;

namespace Baton.Cli.Commands;

/// <summary><c>baton test</c>: runs workflow test files (<c>*.test.yaml</c>) on the engine with mocked tasks and a virtual clock.</summary>
internal static class TestCommand
{
    private static readonly string[] Patterns = ["*.test.yaml", "*.test.yml", "*.test.json"];

    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Test files, or folders searched for *.test.yaml / *.test.yml / *.test.json.", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("test", "Run workflow tests: mocked task results on a virtual clock, checked against the expected output, status, path and compensation.") { paths };
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var files = Files(parse.GetValue(paths)!);
            if (files.Count == 0)
            {
                throw new CliError("No workflow test files were found.", ExitCodes.InvalidInput,
                    ["Name files *.test.yaml (kind: WorkflowTest) and pass them or a folder that holds them."]);
            }
            var (passed, failed) = (0, 0);
            foreach (var file in files)
            {
                var display = Path.GetRelativePath(Directory.GetCurrentDirectory(), file);
                foreach (var outcome in RunFile(file, display))
                {
                    if (outcome.Passed)
                    {
                        passed++;
                        Console.Out.WriteLine($"✔ {display} › {outcome.Name} (virtual {Duration.Format(outcome.VirtualTime)})");
                        continue;
                    }
                    failed++;
                    Console.Out.WriteLine($"✘ {display} › {outcome.Name}");
                    foreach (var failure in outcome.Failures)
                    {
                        Console.Out.WriteLine($"    {failure}");
                    }
                }
            }
            Console.Out.WriteLine($"{passed} passed, {failed} failed");
            return Task.FromResult(failed == 0 ? ExitCodes.Ok : ExitCodes.WorkflowFailed);
        }));
        return cmd;
    }

    /// <summary>Every case of a file, or one failed outcome carrying the file's problems when it (or its workflow) is invalid.</summary>
    private static IEnumerable<WorkflowTestOutcome> RunFile(string file, string display)
    {
        var (test, problems) = WorkflowTestReader.Read(TextFiles.Read(file, "test"), file);
        if (test is null)
        {
            return [new WorkflowTestOutcome(display, "(the test file)", [.. problems.Select(p => p.ToString())], TimeSpan.Zero, [])];
        }
        WorkflowPlan plan;
        try
        {
            // Tasks are mocked, so only the language is checked; a catalog is not needed.
            var loaded = DefinitionLoader.Load(TextFiles.Read(test.WorkflowPath, "workflow"), test.WorkflowPath, DefinitionOptions.LanguageOnly);
            if (!loaded.Succeeded)
            {
                return [new WorkflowTestOutcome(display, "(the workflow)", [.. loaded.Diagnostics.Select(d => d.ToString())], TimeSpan.Zero, [])];
            }
            plan = WorkflowPlan.Compile(loaded.Definition!);
        }
        catch (CliError e)
        {
            return [new WorkflowTestOutcome(display, "(the workflow)", [e.Message, .. e.Details], TimeSpan.Zero, [])];
        }
        return test.Cases.Select(c => WorkflowTestRunner.Run(plan, c, display));
    }

    private static List<string> Files(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Patterns.SelectMany(p => Directory.EnumerateFiles(path, p, SearchOption.AllDirectories)).Select(Path.GetFullPath).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(Path.GetFullPath(path));
            }
            else
            {
                throw new CliError($"{path} is neither a test file nor a folder.", ExitCodes.InvalidInput, ["Pass *.test.yaml files or folders that hold them."]);
            }
        }
        return [.. files.Distinct(StringComparer.Ordinal)];
    }
}
