using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Commands;

/// <summary>A model-compose file with interrupts on `baton serve`: registered as a workflow and as a catalog, started, answered
/// through the events route, as a human in the loop would.</summary>
public sealed class ModelComposeServeTests : IAsyncLifetime, IDisposable
{
    private const string Admin = "compose-admin-key";
    private const string Function = "compose-function-key";
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string> _env = new() { ["BATON_ADMIN_KEY"] = Admin, ["BATON_FUNCTION_KEY"] = Function };
    private ServeProcess? _server;

    public async Task InitializeAsync()
    {
        _server = await ServeProcess.StartAsync(_dir.Path, _env);
        var text = await File.ReadAllTextAsync(Path.Combine(BatonProcess.RepoRoot, "tests", "Baton.Cli.Tests", "ModelCompose", "interrupt.yml"));
        using var http = new HttpClient();
        foreach (var route in new[] { "definitions", "catalogs" })
        {
            using var upload = new HttpRequestMessage(HttpMethod.Post, $"{_server.Url}/api/{route}") { Content = new StringContent(text, Encoding.UTF8) };
            upload.Headers.Add("x-functions-key", Admin);
            var response = await http.SendAsync(upload);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
    }

    public Task DisposeAsync()
    {
        _server?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _dir.Dispose();

    private Task<BatonProcess.Result> Baton(params string[] args) => BatonProcess.RunAsync(_dir.Path, _env, [.. args, "--server", _server!.Url, "--key", Function]);

    [Fact]
    public async Task Interrupts_WaitForAnswersThatReplaceTheInputOrKeepTheOutput()
    {
        var started = await Baton("start", "review", "--catalog", "review", "--id", "r1", "--input", "text=original");
        Assert.True(started.ExitCode == 0, started.Stderr);
        using var watcher = BatonProcess.Start(_dir.Path, _env, "watch", "r1", "--server", _server!.Url, "--key", Function);
        var watched = BatonProcess.CollectAsync(watcher);

        // Before the job: the answer replaces its input. After it: no answer (null) keeps its output.
        var before = await Baton("events", "r1", "interrupt.__job__.before", "--data", """{"text":"approved"}""");
        var after = await Baton("events", "r1", "interrupt.__job__.after", "--data", "null");

        Assert.True(before.ExitCode == 0, before.Stderr);
        Assert.True(after.ExitCode == 0, after.Stderr);
        var watch = await watched;
        Assert.True(watch.ExitCode == 0, watch.Stderr);
        Assert.Equal("""{"result":"approved"}""", JsonNode.Parse(watch.Stdout)!.ToJsonString());
        Assert.Contains("__job__-before", watch.Stderr, StringComparison.Ordinal);
    }
}
