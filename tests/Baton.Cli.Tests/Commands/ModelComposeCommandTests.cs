using System.Text.Json.Nodes;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Baton.Cli.Tests.Commands;

/// <summary>model-compose files as its reference writes them (tests/Baton.Cli.Tests/ModelCompose), converted, validated and run by
/// the real CLI against local stand-ins: each form, job type, interpolation form and kind of component.</summary>
public sealed class ModelComposeCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string File(string name) => Path.Combine(BatonProcess.RepoRoot, "tests", "Baton.Cli.Tests", "ModelCompose", name);

    private Task<BatonProcess.Result> Baton(params string[] args) => BatonProcess.RunAsync(_dir.Path, args);

    private async Task<JsonNode> RunAsync(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var r = await BatonProcess.RunAsync(_dir.Path, env, ["run", .. args, "--db", _dir.File("hub.db"), "--quiet"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonNode.Parse(r.Stdout)!;
    }

    private async Task<string> InputFile(string json)
    {
        var path = _dir.File($"input-{Guid.NewGuid():N}.json");
        await System.IO.File.WriteAllTextAsync(path, json);
        return path;
    }

    [Fact]
    public async Task Run_SingularComponentAndJob_RunsWithItsDefaultsOrTheGivenInput()
    {
        var defaults = await RunAsync(null, File("singular.yml"));
        var given = await RunAsync(null, File("singular.yml"), "--input", "name=Ada", "--input", "times=3");
        var converted = await Baton("convert", File("singular.yml"));

        Assert.Equal("""{"greeting":"Hello, World!","times":2}""", defaults.ToJsonString());
        Assert.Equal("""{"greeting":"Hello, Ada!","times":3}""", given.ToJsonString());
        // Annotations describe the input; the controller is not imported, and says so once.
        Assert.Contains("description: \"Who to greet (a name)\"", converted.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning BTN071 at 'controller'", converted.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ActionsAndAnHttpClient_EachJobCallsItsActionAndTheServiceGetsTheSecretHeader()
    {
        string? authorization = null;
        await using var standIn = await LoopbackServer.StartAsync(app => app.MapPost("/items", async (HttpRequest request) =>
        {
            authorization = request.Headers.Authorization;
            var word = JsonNode.Parse(await LoopbackServer.BodyAsync(request))!["word"]!.GetValue<string>();
            return Results.Json(new { items = new object[] { new { name = word, price = new { amount = 1 } }, new { name = "spare", price = new { amount = 2 } } } });
        }));
        var file = _dir.File("actions.yml");
        await System.IO.File.WriteAllTextAsync(file, (await System.IO.File.ReadAllTextAsync(File("actions.yml"))).Replace("STANDIN", standIn.Address.ToString().TrimEnd('/'), StringComparison.Ordinal));
        var env = new Dictionary<string, string> { ["INVENTORY_TOKEN"] = "s3cret", ["BATON_SECRETS_ALLOW"] = "INVENTORY_TOKEN" };

        var output = await RunAsync(env, file, "--input", "word=hush");

        Assert.Equal(("HUSH", 4), (output["loud"]!.GetValue<string>(), output["chars"]!.GetValue<int>()));
        Assert.Equal(4, output["more"]!.GetValue<double>());
        Assert.Equal("""{"names":["HUSH","spare"],"last":"spare","picked":[{"name":"HUSH","amount":1},{"name":"spare","amount":2}]}""", output["stock"]!.ToJsonString());
        Assert.Equal("Bearer s3cret", authorization);
        // Without the host's leave, the binding cannot read the secret: the attempt fails and says why.
        var refused = await BatonProcess.RunAsync(_dir.Path, new Dictionary<string, string> { ["INVENTORY_TOKEN"] = "s3cret" },
            "run", file, "--input", "word=hush", "--db", _dir.File("refused.db"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("SettingNotAllowed", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HttpServerWithAStartCommand_StartsTheServerCallsItAndStopsItWithTheRun()
    {
        var port = Ports.Free();
        var file = _dir.File("server.yml");
        await System.IO.File.WriteAllTextAsync(file, (await System.IO.File.ReadAllTextAsync(File("server.yml"))).Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        System.IO.File.Copy(File("echo_server.py"), _dir.File("echo_server.py"));

        // A catalog from another folder binds nothing here, and the file's own server still starts beside the file.
        Directory.CreateDirectory(_dir.File("elsewhere"));
        await System.IO.File.WriteAllTextAsync(_dir.File("elsewhere/catalog.yaml"), "apiVersion: baton.dev/v1\nkind: Catalog\ntasks:\n  other: { runner: function, function: echo }\n");
        var output = await RunAsync(null, file, "--input", "text=ping", "--catalog", _dir.File("elsewhere/catalog.yaml"));

        Assert.Equal("""{"text":"ping","path":"/api/echo"}""", output.ToJsonString());
        // The run is over: the server it started is gone, so nothing answers on its port.
        using var probe = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => probe.ConnectAsync("127.0.0.1", port));
    }

    [Fact]
    public async Task Run_RoutingJobs_TakeTheBranchTheirInputChoosesAndLoopUntilDone()
    {
        var top = await RunAsync(null, File("routing.yml"), "--input", "score=95");
        var pass = await RunAsync(null, File("routing.yml"), "--workflow", "grade", "--input", "score=72");
        var fail = await RunAsync(null, File("routing.yml"), "--input", "score=10");
        var ko = await RunAsync(null, File("routing.yml"), "--workflow", "greet", "--input", "lang=ko", "--input", "name=Ada");
        var other = await RunAsync(null, File("routing.yml"), "--workflow", "greet", "--input", "lang=fr", "--input", "name=Ada");
        var split = await RunAsync(null, File("routing.yml"), "--workflow", "split");
        var poll = await RunAsync(null, File("routing.yml"), "--workflow", "poll");

        Assert.Equal(["top 95", "pass 72", "fail 10"], new[] { top, pass, fail }.Select(o => o["said"]!.GetValue<string>()));
        Assert.Equal(["annyeong Ada", "hi Ada"], new[] { ko, other }.Select(o => o["said"]!.GetValue<string>()));
        Assert.Contains(split["said"]!.GetValue<string>(), new[] { "a", "b" });
        Assert.Equal("""{"state":"done","attempt":3,"said":"done after 3"}""", poll.ToJsonString());
    }

    [Fact]
    public async Task Run_JobFlow_ForEachDelayRepeatOnErrorAndAChildWorkflowOfTheFile()
    {
        var output = await RunAsync(null, File("flow.yml"), "--input-file", await InputFile("""{"words":["x","y","z"]}"""));

        Assert.Equal("""[{"said":"x"},{"said":"y"},{"said":"z"}]""", output["words"]!.ToJsonString());
        Assert.Equal("""[{"said":"again"},{"said":"again"}]""", output["twice"]!.ToJsonString());
        Assert.Equal("x", output["first"]!.GetValue<string>());
        Assert.Null(output["flaky"]);
        Assert.Equal("failed", output["guarded"]!["status"]!.GetValue<string>());
        Assert.Contains("exited with code 3", output["guarded"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("rescued", output["rescued"]!.GetValue<string>());
        Assert.Equal("child got x", output["child"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_Hooks_RunTheirPythonBeforeAndAfterTheJob()
    {
        var output = await RunAsync(null, File("hook.yml"), "--input-file", await InputFile("""{"words":["alpha","beta"]}"""));

        // The before-hook upper-cased the words the job printed; the after-hook (async) counted its lines.
        Assert.Equal("""{"lines":2,"first":"ALPHA","job":"__job__","phase":"after"}""", output.ToJsonString());
    }

    [Fact]
    public async Task Convert_ComponentsBatonCannotRun_AreEntriesToBindAndTheFileRunsOnceTheyAreBound()
    {
        var converted = await Baton("convert", File("bound.yml"), "--out", _dir.File("bound"));
        var unbound = await Baton("validate", _dir.File("bound/workflow.yaml"));
        var standIns = _dir.File("standins.yaml");
        await System.IO.File.WriteAllTextAsync(standIns, """
            apiVersion: baton.dev/v1
            kind: Catalog
            tasks:
              summarizer: { runner: function, function: echo, result: { summary_text: "short: ${result.text}" } }
              helper: { runner: function, function: echo }
            """);
        var output = await RunAsync(null, File("bound.yml"), "--catalog", standIns, "--input", "text=long text");

        Assert.True(converted.ExitCode == 0, converted.Stderr);
        var catalog = await System.IO.File.ReadAllTextAsync(_dir.File("bound/catalog.yaml"));
        Assert.Contains("model-compose model component 'summarizer' (driver: huggingface, model: facebook/bart-large-cnn, task: summarization)", catalog, StringComparison.Ordinal);
        Assert.Contains("model-compose agent component 'helper'", catalog, StringComparison.Ordinal);
        Assert.NotEqual(0, unbound.ExitCode);
        Assert.Contains("BTN050", unbound.Stderr, StringComparison.Ordinal);
        Assert.Contains("bind this task to an HTTP inference endpoint", unbound.Stderr, StringComparison.Ordinal);
        Assert.Equal("""{"prompt":"short: long text"}""", output.ToJsonString());
    }

    [Fact]
    public async Task Convert_SeveralWorkflows_WritesEachWithOneCatalogThatValidate()
    {
        var r = await Baton("convert", File("routing.yml"), "--out", _dir.File("all"));

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(["catalog.yaml", "grade.yaml", "greet.yaml", "poll.yaml", "split.yaml"], Directory.GetFiles(_dir.File("all")).Select(Path.GetFileName).Order());
        foreach (var name in new[] { "grade", "greet", "poll", "split" })
        {
            var valid = await Baton("validate", _dir.File($"all/{name}.yaml"));
            Assert.True(valid.ExitCode == 0, valid.Stderr);
        }
    }

    [Fact]
    public async Task Run_TheExample_GradesAndCountsWordsAsTheReadmeSays()
    {
        var example = Path.Combine(BatonProcess.RepoRoot, "examples", "model-compose", "model-compose.yml");

        var graded = await RunAsync(null, example, "--input", "score=85");
        var counted = await RunAsync(null, example, "--workflow", "review", "--input", "text=two words");

        Assert.Equal("""{"grade":"B","line":"grade B for 85"}""", graded.ToJsonString());
        Assert.Equal("""{"text":"two words","words":2}""", counted.ToJsonString());
    }

    [Fact]
    public async Task Convert_ShellCommandAsAString_IsRefusedWithTheArgvToWrite()
    {
        var file = _dir.File("string.yml");
        await System.IO.File.WriteAllTextAsync(file, "component:\n  type: shell\n  action:\n    command: python process.py --fast\nworkflow:\n  job:\n    input: ${input}\n");

        var r = await Baton("convert", file);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("BTN051", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("command: [ python, process.py, --fast ]", r.Stderr, StringComparison.Ordinal);
    }
}
