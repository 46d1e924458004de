using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Commands;

/// <summary>`baton serve --backend durable` as a real process on Azurite: the same routes as on the embedded hub, over a
/// Durable task hub this process works on as one worker.</summary>
public sealed class ServeDurableTests : IAsyncLifetime, IDisposable
{
    private const string Admin = "durable-admin-key-0123456789";
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string> _settings = new(StringComparer.Ordinal);
    private ServeProcess _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _settings["AzureWebJobsStorage"] = await Azurite.ConnectionStringAsync();
        _settings["BATON_TASK_HUB"] = "serve" + Guid.NewGuid().ToString("N")[..12];
        _server = await ServeProcess.StartAsync(_dir.Path, new Dictionary<string, string>(_settings) { ["BATON_ADMIN_KEY"] = Admin }, "--backend", "durable");
        _http = new HttpClient { BaseAddress = new Uri(_server.Url), Timeout = TimeSpan.FromSeconds(90) };
        _http.DefaultRequestHeaders.Add("x-functions-key", Admin);
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        _server.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _dir.Dispose();

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<JsonNode> UntilAsync(string id, string status)
    {
        for (var i = 0; i < 300; i++)
        {
            var (_, body) = await SendAsync(HttpMethod.Get, $"/api/instances/{id}");
            if (body?["runtimeStatus"]?.GetValue<string>() == status)
            {
                return body;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{id} never became {status}.");
    }

    [Fact]
    public async Task Serve_DurableBackend_RegistersStartsListsAndControlsInstancesLikeTheEmbeddedHub()
    {
        var ready = await SendAsync(HttpMethod.Get, "/readyz");
        Assert.Equal((HttpStatusCode.OK, "durable"), (ready.Status, ready.Body!["backend"]!.GetValue<string>()));
        var root = BatonProcess.RepoRoot;
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/definitions", await File.ReadAllTextAsync(Path.Combine(root, "examples/hello-sequence/workflow.yaml")))).Status);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/catalogs", await File.ReadAllTextAsync(Path.Combine(root, "examples/hello-sequence/catalog.yaml")))).Status);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/definitions", """
            apiVersion: baton.dev/v1
            kind: Workflow
            metadata: { name: approval, version: "1" }
            spec:
              steps:
                - { id: wait, type: event, event: approve }
                - { id: after, task: echo, depends_on: [wait], input: { by: "${steps.wait.output.by}" } }
              output:
                mapping: { by: "${steps.after.output.by}" }
            """)).Status);

        // Start and wait, as on the embedded hub: the output and every step's status come back.
        var done = await SendAsync(HttpMethod.Post, "/api/workflows/hello-sequence/instances?instanceId=hello-1&wait=60s", """{ "name": "Ada" }""");
        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Equal("Completed", done.Body!["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("HELLO, ADA! (10 characters, instance hello-1)", done.Body["output"]!["message"]!.GetValue<string>());
        Assert.All(done.Body["steps"]!.AsArray(), s => Assert.Equal("succeeded", s!["status"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Post, "/api/workflows/hello-sequence/instances?instanceId=hello-1", """{ "name": "Ada" }""")).Status);

        // An event step takes a raised event; another instance is suspended, resumed and terminated.
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, "/api/workflows/approval/instances?instanceId=approve-1", "{}")).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, "/api/workflows/approval/instances?instanceId=approve-2", "{}")).Status);
        await UntilAsync("approve-1", "Running");
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, "/api/instances/approve-1/events/approve", """{ "by": "ada" }""")).Status);
        Assert.Equal("""{"by":"ada"}""", (await UntilAsync("approve-1", "Completed"))["output"]!.ToJsonString());
        await UntilAsync("approve-2", "Running");
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, "/api/instances/approve-2/suspend")).Status);
        await UntilAsync("approve-2", "Suspended");
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, "/api/instances/approve-2/resume")).Status);
        await UntilAsync("approve-2", "Running");
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, "/api/instances/approve-2/terminate?reason=done")).Status);
        await UntilAsync("approve-2", "Terminated");
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Post, "/api/instances/approve-2/terminate")).Status);

        // Listing by name, the Durable-compatible status route, and purge.
        var listed = await SendAsync(HttpMethod.Get, "/api/instances?name=approval");
        Assert.Equal(["approve-1", "approve-2"], listed.Body!["instances"]!.AsArray().Select(i => i!["instanceId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var durable = await SendAsync(HttpMethod.Get, "/runtime/webhooks/durabletask/instances/hello-1");
        Assert.Equal((HttpStatusCode.OK, "Completed"), (durable.Status, durable.Body!["runtimeStatus"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, "/api/instances/approve-2")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/instances/approve-2")).Status);

        // The history is the engine's, rebuilt from the orchestration's: the same events as on the embedded hub.
        var history = await SendAsync(HttpMethod.Get, "/api/instances/hello-1/history");
        Assert.Equal(HttpStatusCode.OK, history.Status);
        Assert.Equal(["InstanceStarted", .. Enumerable.Repeat("TaskCompleted", 5)], history.Body!["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task History_DurableBackendFromTheCli_PrintsTheSameEventsAsTheEmbeddedHub()
    {
        var root = BatonProcess.RepoRoot;
        var workflow = Path.Combine(root, "examples/hello-sequence/workflow.yaml");
        var run = await BatonProcess.RunAsync(_dir.Path, _settings, "run", workflow, "--input", "name=Ada", "--id", "cli-1", "--backend", "durable", "--quiet");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var embedded = await BatonProcess.RunAsync(_dir.Path, "run", workflow, "--input", "name=Ada", "--id", "cli-1", "--db", Path.Combine(_dir.Path, "e.db"), "--quiet");
        Assert.True(embedded.ExitCode == 0, embedded.Stderr);

        var durable = await BatonProcess.RunAsync(_dir.Path, _settings, "history", "cli-1", "--backend", "durable");
        var local = await BatonProcess.RunAsync(_dir.Path, "history", "cli-1", "--db", Path.Combine(_dir.Path, "e.db"));

        Assert.True(durable.ExitCode == 0, durable.Stderr);
        static IEnumerable<string> Kinds(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]);
        Assert.Equal(Kinds(local.Stdout), Kinds(durable.Stdout));
        Assert.Equal(6, Kinds(durable.Stdout).Count());
    }

    [Fact]
    public async Task Watch_DurableBackend_FollowsTheInstanceLiveToItsOutput()
    {
        var root = BatonProcess.RepoRoot;
        await SendAsync(HttpMethod.Post, "/api/definitions", await File.ReadAllTextAsync(Path.Combine(root, "examples/hello-sequence/workflow.yaml")));
        await SendAsync(HttpMethod.Post, "/api/catalogs", await File.ReadAllTextAsync(Path.Combine(root, "examples/hello-sequence/catalog.yaml")));

        var r = await BatonProcess.RunAsync(_dir.Path, "start", "hello-sequence", "--input", "name=Bo", "--id", "watched", "--watch", "--server", _server.Url, "--key", Admin);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("HELLO, BO! (9 characters, instance watched)", JsonNode.Parse(r.Stdout)!["message"]!.GetValue<string>());
        Assert.Contains("✔ shout", r.Stderr, StringComparison.Ordinal);
    }
}
