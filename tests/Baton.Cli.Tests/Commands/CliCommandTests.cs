using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Commands;

public sealed class CliCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Example(string name) => Path.Combine(BatonProcess.RepoRoot, "examples", name, "workflow.yaml");

    private Task<BatonProcess.Result> Baton(params string[] args) => BatonProcess.RunAsync(_dir.Path, args);

    private async Task<string> Workflow(string file, string name, string steps)
    {
        var path = _dir.File(file);
        await File.WriteAllTextAsync(path, $"apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: {{ name: {name} }}\nspec:\n  steps:\n{steps}");
        return path;
    }

    [Fact]
    public async Task Run_HelloSequenceExample_PrintsProgressAndOutput()
    {
        var r = await Baton("run", Example("hello-sequence"), "--input", "name=Ada", "--db", _dir.File("b.db"));
        Assert.Equal(0, r.ExitCode);
        var output = JsonNode.Parse(r.Stdout)!;
        Assert.StartsWith("HELLO, ADA! (10 characters", output["message"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var step in new[] { "greet", "shout", "pause", "count", "sign" })
        {
            Assert.Contains($"✔ {step}", r.Stderr, StringComparison.Ordinal);
        }
        Assert.Contains("hello-sequence completed", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FanOutExample_MergesParallelResults()
    {
        var r = await Baton("run", Example("fan-out-fan-in"), "--input", "words=[\"durable\",\"workflows\",\"never\",\"forget\"]", "--db", _dir.File("b.db"));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("""{"total_letters":27,"longest_word_length":9,"started_by":"anonymous"}""", JsonNode.Parse(r.Stdout)!.ToJsonString());
    }

    [Fact]
    public async Task Run_ChunkedFanOutExample_ScoresEveryWordInOrder()
    {
        var r = await Baton("run", Example("chunked-fan-out"), "--input", "words=[\"durable\",\"workflows\",\"never\",\"forget\",\"a\"]", "--db", _dir.File("b.db"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("""{"words":5,"scores":[7,9,5,6,1],"total":28}""", JsonNode.Parse(r.Stdout)!.ToJsonString());
    }

    [Theory]
    [InlineData("Refund for invoice 42", "billing", 0)]
    [InlineData("Error 500 on login", "on-call", 1)]
    [InlineData("How do I change my name?", "general", null)]
    public async Task Run_RoutingExample_TakesOneBranchAndSkipsTheOthers(string subject, string team, int? branch)
    {
        var r = await Baton("run", Example("routing"), "--input", $"subject={subject}", "--db", _dir.File("b.db"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var output = JsonNode.Parse(r.Stdout)!;
        Assert.Equal(team, output["handled_by"]!.GetValue<string>());
        Assert.Equal(branch?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default", output["branch"]!.ToString());
        Assert.Contains("skipped (Switch 'route' chose another branch)", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FeedFollowerExample_StartsOverOncePerPageAndKeepsOneRunOfHistory()
    {
        var db = _dir.File("b.db");
        var r = await Baton("run", Example("feed-follower"), "--input", "pages=3", "--db", db, "--id", "follower");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("""{"pages_read":3,"items_seen":6,"last_page":["item-4","item-5"]}""", JsonNode.Parse(r.Stdout)!.ToJsonString());

        var history = await Baton("history", "follower", "--db", db);
        Assert.True(history.ExitCode == 0, history.Stderr);
        var lines = history.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The last run's events only: the timer of the run before that restarted it, then its own page, pause and end.
        Assert.Contains("TimerFired", lines[0], StringComparison.Ordinal);
        Assert.Contains("g1/wait:pause", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task Run_RetryExample_SucceedsOnThirdAttempt()
    {
        var r = await Baton("run", Example("retry"), "--db", _dir.File("b.db"), "--id", "r1");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("""{"succeeded_on_attempt":3,"key":"r1/call-flaky-service/3"}""", JsonNode.Parse(r.Stdout)!.ToJsonString());
        Assert.Contains("attempt 2 failed", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oslo-harbour.jpg", 59.91, 10.75, "pass")]
    [InlineData("paris.jpg", 59.91, 10.75, "fail")]
    [InlineData("bergen.jpg", 60.39, 5.33, "warning")]
    public async Task Run_PhotoAuthenticityExample_EvaluatesMetrics(string photo, double lat, double lon, string decision)
    {
        var claimed = FormattableString.Invariant($$"""claimed={"lat":{{lat}},"lon":{{lon}}}""");
        var r = await Baton("run", Example("photo-authenticity"), "--input", $"photo={photo}", "--input", claimed, "--db", _dir.File("b.db"), "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(decision, JsonNode.Parse(r.Stdout)!["decision"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_WorkflowWithEventTasks_RefusesAndPointsToServe()
    {
        var db = _dir.File("b.db");
        var r = await Baton("run", Example("phone-check"), "--input", "number=+4712345678", "--db", db);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("event tasks", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("baton serve", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task Run_InputFailsSchema_ExitsTwoAndStoresNothing()
    {
        var db = _dir.File("b.db");
        var r = await Baton("run", Example("hello-sequence"), "--input", "name=", "--db", db);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("/name", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(db), "a refused run must not even create the store");
    }

    [Fact]
    public async Task Run_WorkflowFails_ExitsOneWithReason()
    {
        var wf = await Workflow("fails.yaml", "fails", "    - { id: stop, type: fail, message: 'refusing ${input.why}' }\n");
        var r = await Baton("run", wf, "--input", "why=politely", "--db", _dir.File("b.db"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("refusing politely", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BrokenDefinition_ExitsTwoListingEveryProblem()
    {
        var wf = await Workflow("broken.yaml", "b", "    - { id: a, task: echo, depends_on: [zz] }\n    - { id: b, task: ecko, timout: 5s }\n");
        var r = await Baton("validate", wf);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{wf}:6:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("BTN023", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'echo'?", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'timeout'?", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_TwentyThousandLevelsDeep_ExitsTwoInsteadOfCrashing()
    {
        var wf = await Workflow("deep.yaml", "d", "    - id: a\n      task: echo\n      input:\n        v: " + new string('[', 20_000) + new string(']', 20_000) + "\n");
        var r = await Baton("validate", wf);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("BTN005", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Stack overflow", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InputNestedPastTheLimit_ExitsTwoWithTheLimit()
    {
        var wf = await Workflow("echo.yaml", "e", "    - { id: a, task: echo, input: \"${input}\" }\n");
        var input = _dir.File("input.json");
        await File.WriteAllTextAsync(input, new string('[', 63) + new string(']', 63));
        var r = await Baton("run", wf, "--input-file", input, "--db", _dir.File("b.db"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("maximum configured depth of 32", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_FileNotUtf8OrADirectory_ExitsTwoSayingWhy()
    {
        var wf = _dir.File("latin1.yaml");
        await File.WriteAllBytesAsync(wf, [.. "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: caf"u8.ToArray(), 0xE9, .. " }\n"u8.ToArray()]);
        var r = await Baton("validate", wf);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not valid UTF-8", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("offset 61", r.Stderr, StringComparison.Ordinal);

        Directory.CreateDirectory(_dir.File("folder.yaml"));
        r = await Baton("validate", _dir.File("folder.yaml"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is a directory", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "wf.yaml", "--no-such-option")]
    [InlineData("validate")]
    [InlineData("frobnicate")]
    public async Task AnyCommand_ArgumentError_ExitsTwoWithAHint(params string[] args)
    {
        var r = await Baton(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--help' for usage", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_AllExamples_AreValid()
    {
        foreach (var name in new[] { "hello-sequence", "fan-out-fan-in", "retry", "photo-authenticity" })
        {
            var r = await Baton("validate", Example(name));
            Assert.True(r.ExitCode == 0, r.Stderr);
        }
    }

    [Fact]
    public async Task Graph_Example_PrintsMermaidAndDot()
    {
        var mermaid = await Baton("graph", Example("fan-out-fan-in"));
        Assert.Contains("s_split --> s_process_chunk_1", mermaid.Stdout, StringComparison.Ordinal);
        var dot = await Baton("graph", Example("fan-out-fan-in"), "--format", "dot");
        Assert.Contains("\"process-chunk-4\" -> \"merge\";", dot.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusAndHistory_AfterRun_ShowStepsAndEvents()
    {
        var db = _dir.File("b.db");
        await Baton("run", Example("hello-sequence"), "--input", "name=Bo", "--db", db, "--id", "h1");
        var status = await Baton("status", "h1", "--db", db);
        Assert.Contains("Completed", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("shout", status.Stdout, StringComparison.Ordinal);
        var history = await Baton("history", "h1", "--db", db);
        Assert.Equal(6, history.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Run_HostJsonWithUnknownSetting_ExitsTwoNamingFileAndLine()
    {
        await File.WriteAllTextAsync(_dir.File("host.json"), "{\n  \"version\": \"2.0\",\n  \"extensions\": { \"durableTask\": { \"hubNme\": \"x\" } }\n}");
        var r = await Baton("run", Example("hello-sequence"), "--input", "name=Ada");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{_dir.File("host.json")}:3:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'hubName'?", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HostJsonDatabase_IsWhereTheInstanceIsStored()
    {
        await File.WriteAllTextAsync(_dir.File("host.json"), """{ "version": "2.0", "baton": { "database": "from-host.db" } }""");
        var r = await Baton("run", Example("hello-sequence"), "--input", "name=Ada", "--id", "hj");
        Assert.Equal(0, r.ExitCode);
        Assert.True(File.Exists(_dir.File("from-host.db")));
        Assert.Contains("Completed", (await Baton("status", "hj")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_NothingUnfinished_SaysSoAndExitsZero()
    {
        var db = _dir.File("b.db");
        await Baton("run", Example("hello-sequence"), "--input", "name=Cy", "--db", db);
        var r = await Baton("resume", "--db", db);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("nothing to resume", r.Stderr, StringComparison.Ordinal);
    }
}
