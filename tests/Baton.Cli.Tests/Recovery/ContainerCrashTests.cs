using System.Text.Json.Nodes;
using Baton.Storage.Sqlite;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;

namespace Baton.Cli.Tests.Recovery;

/// <summary>`baton run` killed with SIGKILL while its container runs; `baton resume` must wait for that container, not start another.</summary>
public sealed class ContainerCrashTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private LoopbackServer _witness = null!;
    private int _hits;

    public async Task InitializeAsync() => _witness = await LoopbackServer.StartAsync(app => app.MapGet("/hit", () =>
    {
        Interlocked.Increment(ref _hits);
        return "ok";
    }));

    public async Task DisposeAsync() => await _witness.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RunKilledMidContainer_ResumeWaitsForTheSameContainer_WorkRunsOnce()
    {
        var env = new Dictionary<string, string> { ["DOCKER_HOST"] = await PodmanEngine.DockerHostAsync() };
        File.WriteAllText(_dir.File("workflow.yaml"), """
            apiVersion: baton.dev/v1
            kind: Workflow
            metadata: { name: once }
            spec:
              steps:
                - { id: work, task: box }
              output:
                mapping: { done: "${steps.work.output.done}" }
            """);
        // The container tells a server on the host that it started (host network), then works for a while.
        File.WriteAllText(_dir.File("catalog.yaml"), $$"""
            apiVersion: baton.dev/v1
            kind: Catalog
            tasks:
              box:
                runner: container
                image: {{PodmanEngine.Image}}
                network: host
                command: ["sh", "-c", "wget -q -O /dev/null {{_witness.Url("hit")}} && sleep 3 && echo '{\"done\":true}'"]
            """);
        var db = _dir.File("hub.db");
        var run = BatonProcess.Start(_dir.Path, env, "run", _dir.File("workflow.yaml"), "--db", db, "--id", "c1", "--quiet");
        for (var i = 0; i < 300 && Volatile.Read(ref _hits) == 0; i++)
        {
            await Task.Delay(50);
        }
        Assert.Equal(1, Volatile.Read(ref _hits));
        run.Kill(entireProcessTree: true);
        await run.WaitForExitAsync();
        run.Dispose();

        var resumed = await BatonProcess.RunAsync(_dir.Path, env, "resume", "--db", db, "--id", "c1", "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.True(JsonNode.Parse(resumed.Stdout)!["done"]!.GetValue<bool>());
        Assert.Equal(1, Volatile.Read(ref _hits));
        await using var store = new SqliteTaskHubStore(new SqliteStoreOptions(db) { ReadOnly = true });
        await store.InitializeAsync(default);
        Assert.Single(await store.ReadHistoryAsync("c1", 0, 100, default), h => h.Kind == "TaskCompleted");
    }
}
