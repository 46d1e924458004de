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
            var (passed, failed, invalid) = (0, 0, false);
            foreach (var file in files)
            {
                var display = Path.GetRelativePath(Directory.GetCurrentDirectory(), file);
                var (outcomes, unusable) = RunFile(file, display);
                invalid |= unusable;
                foreach (var outcome in outcomes)
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
            // A test file or workflow that cannot be read or is invalid is bad input (2); cases that ran and failed are 1.
            return Task.FromResult(invalid ? ExitCodes.InvalidInput : failed == 0 ? ExitCodes.Ok : ExitCodes.WorkflowFailed);
        }));
        return cmd;
    }

    /// <summary>Every case of a file; or, when the file or its workflow cannot be read or is invalid, one failed outcome
    /// carrying the problems, and <c>Invalid</c> set.</summary>
    private static (IEnumerable<WorkflowTestOutcome> Outcomes, bool Invalid) RunFile(string file, string display)
    {
        static (IEnumerable<WorkflowTestOutcome>, bool) Unusable(string display, string what, IEnumerable<string> problems) =>
            ([new WorkflowTestOutcome(display, what, [.. problems], TimeSpan.Zero, [])], true);
        try
        {
            var (test, problems) = WorkflowTestReader.Read(TextFiles.Read(file, "test"), file);
            if (test is null)
            {
                return Unusable(display, "(the test file)", problems.Select(p => p.ToString()));
            }
            // Tasks are mocked, so only the language is checked; a catalog is not needed.
            var loaded = DefinitionLoader.Load(TextFiles.Read(test.WorkflowPath, "workflow"), test.WorkflowPath, DefinitionOptions.LanguageOnly);
            if (!loaded.Succeeded)
            {
                return Unusable(display, "(the workflow)", loaded.Diagnostics.Select(d => d.ToString()));
            }
            var plan = WorkflowPlan.Compile(loaded.Definition!);
            return (test.Cases.Select(c => WorkflowTestRunner.Run(plan, c, display)), false);
        }
        catch (CliError e)
        {
            return Unusable(display, "(the test file or its workflow)", [e.Message, .. e.Details]);
        }
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
