using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Commands;

/// <summary>The seed formats through the real CLI: convert, validate and run them as they are written.</summary>
public sealed class SeedFormatCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Seed(string file) => Path.Combine(BatonProcess.RepoRoot, "examples", "seed-formats", file);

    private Task<BatonProcess.Result> Baton(params string[] args) => BatonProcess.RunAsync(_dir.Path, args);

    [Fact]
    public async Task Run_ModelComposeCircuitBreaker_TakesThePrimaryBranchAndSkipsTheFallbackChain()
    {
        // Stand-ins for the services the file names: the given catalog wins over the file's own components.
        var catalog = _dir.File("standins.yaml");
        await File.WriteAllTextAsync(catalog, """
            apiVersion: baton.dev/v1
            kind: Catalog
            tasks:
              primary-service: { runner: function, function: echo }
              result-formatter: { runner: function, function: echo }
            """);

        var r = await Baton("run", Seed("seed004-circuit-breaker-pattern.yaml"), "--catalog", catalog, "--input", "order=42", "--db", _dir.File("b.db"));

        Assert.True(r.ExitCode == 0, r.Stderr);
        // The workflow's output is its terminal jobs' (format-primary-result ran; the fallback chain was skipped), merged.
        Assert.Equal("""{"result":{"order":42},"source":"primary"}""", JsonNode.Parse(r.Stdout)!.ToJsonString());
        Assert.Contains("fallback", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("skipped", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ModelComposeShellComponent_ItsStdoutIsTheJobsOutput()
    {
        var file = _dir.File("compose.yaml");
        await File.WriteAllTextAsync(file, """
            components:
              - id: greeter
                type: shell
                command: [ echo, hello from a shell ]
              - id: counter
                type: shell
                command: [ wc, -c ]
            workflow:
              jobs:
                - id: greet
                  component: greeter
                - id: count
                  component: counter
                  input: { text: "${jobs.greet.output.stdout}" }
                  depends_on: [ greet ]
            """);

        var r = await Baton("run", file, "--db", _dir.File("shell.db"));

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("greet", r.Stderr, StringComparison.Ordinal);
        // wc counts the input it got on stdin, {"text":"hello from a shell\n"}: greet's stdout, as text.
        // The workflow's output is its one terminal job's: count's.
        Assert.Equal("31\n", JsonNode.Parse(r.Stdout)!["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task Convert_ModelComposeComponentsWithoutAWorkflow_WritesTheCatalogTheyDescribe()
    {
        var file = _dir.File("components.yaml");
        await File.WriteAllTextAsync(file, "components:\n  - id: greeter\n    type: shell\n    command: [ echo, hi ]\n");

        var printed = await Baton("convert", file);
        var written = await Baton("convert", file, "--out", _dir.File("out"));

        Assert.True(printed.ExitCode == 0, printed.Stderr);
        Assert.Contains("kind: Catalog", printed.Stdout, StringComparison.Ordinal);
        Assert.Contains("greeter:", printed.Stdout, StringComparison.Ordinal);
        Assert.True(written.ExitCode == 0, written.Stderr);
        var validate = await Baton("catalog", "list", _dir.File("out/catalog.yaml"));
        Assert.True(validate.ExitCode == 0, validate.Stderr);
        Assert.Contains("greeter", validate.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_ModelComposeFile_WritesAWorkflowAndCatalogThatRunAsTheyAre()
    {
        var r = await Baton("convert", Seed("seed004-sequential-processing.yaml"), "--out", _dir.File("converted"));

        Assert.True(r.ExitCode == 0, r.Stderr);
        var workflow = await File.ReadAllTextAsync(_dir.File("converted/workflow.yaml"));
        Assert.Contains("apiVersion: baton.dev/v1", workflow, StringComparison.Ordinal);
        Assert.Contains("${steps.", workflow, StringComparison.Ordinal);
        var catalog = await File.ReadAllTextAsync(_dir.File("converted/catalog.yaml"));
        Assert.Contains("runner: process", catalog, StringComparison.Ordinal);
        var validate = await Baton("validate", _dir.File("converted/workflow.yaml"));
        // The converted file is native now; the model component is an entry of the catalog without a runner, and the error says
        // what it was and what would serve it.
        Assert.NotEqual(0, validate.ExitCode);
        Assert.Contains("BTN050", validate.Stderr, StringComparison.Ordinal);
        Assert.Contains("model-compose model component 'sentiment-analyzer'", validate.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_SeedFiles_ReportsEachWithItsFormatsPositions()
    {
        var r = await Baton("validate", Seed("seed004-retry-logic.yaml"), Seed("seed002-user-registration-workflow.yaml"), Seed("seed004-health-checking.yaml"));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("seed004-retry-logic.yaml: components only, a valid catalog of 1 task (unreliable-service)", r.Stdout, StringComparison.Ordinal);
        // Seed 002's own service calls are bound by the file; its validation step needs a 'validate' task from a catalog.
        Assert.Contains("seed002-user-registration-workflow.yaml:40:13: error BTN022 at 'spec.steps[0].type': The task 'validate' is not in the catalog.", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("seed004-health-checking.yaml:16:20: error BTN022 at 'workflows[0].jobs[1].component'", r.Stderr, StringComparison.Ordinal);
    }
}
