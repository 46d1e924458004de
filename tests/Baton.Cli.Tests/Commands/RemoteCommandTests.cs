using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Commands;

/// <summary>`baton serve` as a real process, driven by `baton start | watch | events | status | terminate | purge --server`.</summary>
public sealed class RemoteCommandTests : IAsyncLifetime, IDisposable
{
    private const string Admin = "cli-admin-key";
    private const string Function = "cli-function-key";
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string> _env = new() { ["BATON_ADMIN_KEY"] = Admin, ["BATON_FUNCTION_KEY"] = Function };
    private ServeProcess? _server;
    private string _url = "";

    public async Task InitializeAsync()
    {
        _server = await ServeProcess.StartAsync(_dir.Path, _env);
        _url = _server.Url;
        await UploadAsync("metadata: { name: approval }\nspec:\n  steps:\n" +
            "    - { id: wait, type: event, event: approved }\n    - { id: done, task: echo, depends_on: [wait], input: { by: \"${steps.wait.output.by}\" } }\n");
    }

    private async Task UploadAsync(string definition)
    {
        using var http = new HttpClient();
        using var upload = new HttpRequestMessage(HttpMethod.Post, $"{_url}/api/definitions")
        {
            Content = new StringContent("apiVersion: baton.dev/v1\nkind: Workflow\n" + definition, Encoding.UTF8),
        };
        upload.Headers.Add("x-functions-key", Admin);
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(upload)).StatusCode);
    }

    public Task DisposeAsync()
    {
        _server?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _dir.Dispose();

    private Task<BatonProcess.Result> Baton(params string[] args) => BatonProcess.RunAsync(_dir.Path, _env, [.. args, "--server", _url]);

    [Fact]
    public async Task Audit_ListAndVerify_ShowWhoStartedAndAnUnbrokenChain()
    {
        var started = await Baton("start", "approval", "--id", "a1", "--key", Function);
        var listed = await Baton("audit", "--instance", "a1", "--key", Admin);
        var verified = await Baton("audit", "--verify", "--key", Admin);

        Assert.True(started.ExitCode == 0, started.Stderr);
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        var entry = JsonNode.Parse(Assert.Single(listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)))!;
        Assert.Equal(("StartInstance", "key", "default"), (entry["action"]!.GetValue<string>(), entry["actorKind"]!.GetValue<string>(), entry["actor"]!.GetValue<string>()));
        Assert.True(verified.ExitCode == 0, verified.Stderr);
        Assert.True(JsonNode.Parse(verified.Stdout)!["verified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Migrate_IncompatibleThenCompatibleVersion_SaysWhyThenMoves()
    {
        await UploadAsync("metadata: { name: approval, version: '2' }\nspec:\n  steps:\n    - { id: wait, task: echo }\n");
        await UploadAsync("metadata: { name: approval, version: '3' }\nspec:\n  steps:\n    - { id: wait, type: event, event: approved }\n" +
            "    - { id: thanks, task: echo, depends_on: [wait], input: { v: 3 } }\n");
        var started = await Baton("start", "approval", "--id", "m1", "--key", Function);

        var refused = await Baton("migrate", "m1", "--version", "2", "--key", Function);
        var dry = await Baton("migrate", "--workflow", "approval", "--version", "3", "--dry-run", "--key", Function);
        var moved = await Baton("migrate", "m1", "--version", "3", "--reason", "new thanks", "--key", Function);

        Assert.True(started.ExitCode == 0, started.Stderr);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Step 'wait' is waiting: it is an event step waiting for 'approved', but a task step calling 'echo' in version 2.", refused.Stderr, StringComparison.Ordinal);
        Assert.True(dry.ExitCode == 0, dry.Stderr);
        Assert.Equal(1, JsonNode.Parse(dry.Stdout)!["counts"]!["compatible"]!.GetValue<int>());
        Assert.True(moved.ExitCode == 0, moved.Stderr);
        Assert.Equal(("migrated", "3"), (JsonNode.Parse(moved.Stdout)!["outcome"]!.GetValue<string>(), JsonNode.Parse(moved.Stdout)!["toVersion"]!.GetValue<string>()));
    }

    [Fact]
    public async Task StartWatchEventsStatusPurge_AgainstARunningServer()
    {
        var started = await Baton("start", "approval", "--id", "w1", "--key", Function);
        Assert.True(started.ExitCode == 0, started.Stderr);
        Assert.Equal("w1", JsonNode.Parse(started.Stdout)!["id"]!.GetValue<string>());

        using var watcher = BatonProcess.Start(_dir.Path, _env, "watch", "w1", "--server", _url, "--key", Function);
        var watched = BatonProcess.CollectAsync(watcher);
        await Task.Delay(500);
        var raised = await Baton("events", "w1", "approved", "--data", """{"by":"cli"}""", "--key", Function);
        Assert.True(raised.ExitCode == 0, raised.Stderr);
        var watch = await watched;
        Assert.True(watch.ExitCode == 0, watch.Stderr);
        Assert.Equal("""{"done":{"by":"cli"}}""", JsonNode.Parse(watch.Stdout)!.ToJsonString());
        // The same lines as `baton run`, including the step that was already waiting when the watch began.
        Assert.Contains("⏸ wait", watch.Stderr, StringComparison.Ordinal);
        Assert.Contains("waiting for an event", watch.Stderr, StringComparison.Ordinal);
        Assert.Contains("✔ wait", watch.Stderr, StringComparison.Ordinal);
        Assert.Contains("✔ done", watch.Stderr, StringComparison.Ordinal);

        var status = await Baton("status", "w1", "--key", Function);
        Assert.Equal("Completed", JsonNode.Parse(status.Stdout)!["runtimeStatus"]!.GetValue<string>());
        var late = await Baton("terminate", "w1", "--key", Function);
        Assert.Equal(2, late.ExitCode);
        Assert.Contains("409", late.Stderr, StringComparison.Ordinal);
        var forbidden = await Baton("purge", "w1", "--key", Function);
        Assert.Equal(3, forbidden.ExitCode);
        Assert.Contains("403", forbidden.Stderr, StringComparison.Ordinal);
        var purged = await Baton("purge", "w1", "--key", Admin);
        Assert.True(purged.ExitCode == 0, purged.Stderr);
        var gone = await Baton("status", "w1", "--key", Function);
        Assert.Equal(2, gone.ExitCode);
    }
}
