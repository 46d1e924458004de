using System.Net;

using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary>What the designer and monitor need of the host: the UI's files, the palette's task list, validation without storing.</summary>
public abstract class DesignerApiTests : ApiSuite
{
    [Fact]
    public async Task GetUiEntry_Anonymous_RedirectsToTheUi()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = Server.Client.BaseAddress };
        // The root is baton serve's to lead there; in the function app it is the Functions host's.
        foreach (var path in Kind == ApiHostKind.Serve ? new[] { "/", "/ui" } : ["/ui"])
        {
            using var entry = await client.GetAsync(new Uri(path, UriKind.Relative));

            Assert.Equal(HttpStatusCode.Redirect, entry.StatusCode);
            Assert.Equal("/ui/", entry.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task GetUi_Anonymous_ServesTheBuildWithAContentSecurityPolicy()
    {
        using var index = await Server.SendAsync(HttpMethod.Get, "/ui/", key: null);
        var html = await index.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("<div id=\"root\"></div>", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/ui/assets/[^\"]+\\.js)\"").Groups[1].Value;
        using var js = await Server.SendAsync(HttpMethod.Get, script, key: null);
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.Equal("nosniff", js.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task GetTasks_FunctionKey_IsForbidden()
    {
        using var response = await Server.SendAsync(HttpMethod.Get, "/api/tasks");

        Assert.Equal(Server.WrongLevelStatus, (int)response.StatusCode);
    }

    [Fact]
    public async Task GetTasks_ActiveCatalog_ListsItsTasksAndTheFunctionsButNoSettings()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/catalogs", ApiServer.AdminKey, """
            apiVersion: baton.dev/v1
            kind: Catalog
            metadata: { name: default, version: "1" }
            tasks:
              shout:
                runner: process
                command: ["tr", "a-z", "A-Z"]
                description: Upper-cases its text
                input_schema: { type: object, properties: { text: { type: string } } }
            """, expect: 201);

        var listed = await Server.JsonAsync(HttpMethod.Get, "/api/tasks", ApiServer.AdminKey, expect: 200);

        Assert.Equal("default", listed["catalog"]!["name"]!.GetValue<string>());
        var tasks = listed["tasks"]!.AsArray();
        var shout = tasks.Single(t => t!["name"]!.GetValue<string>() == "shout")!;
        Assert.Equal(("catalog", "process", "Upper-cases its text"), (shout["source"]!.GetValue<string>(), shout["runner"]!.GetValue<string>(), shout["description"]!.GetValue<string>()));
        Assert.Equal("string", shout["input_schema"]!["properties"]!["text"]!["type"]!.GetValue<string>());
        Assert.Null(shout["command"]);
        Assert.Contains(tasks, t => t!["name"]!.GetValue<string>() == "echo" && t["source"]!.GetValue<string>() == "function");
    }

    [Fact]
    public async Task DryRun_InvalidDefinition_AnswersErrorsWithLinesAndStoresNothing()
    {
        var verdict = await Server.JsonAsync(HttpMethod.Post, "/api/definitions?dryRun=true", ApiServer.AdminKey,
            ApiServer.Workflow("draft", "  steps:\n    - { id: a, task: echo, depends_on: [zz] }\n"), expect: 200);

        Assert.False(verdict["valid"]!.GetValue<bool>());
        var error = Assert.Single(verdict["errors"]!.AsArray())!;
        Assert.Equal(("BTN023", 6), (error["code"]!.GetValue<string>(), error["line"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, "/api/definitions/draft", ApiServer.AdminKey)).StatusCode);
    }

    [Fact]
    public async Task DryRun_NotTrueOrFalse_Is400AndStoresNothing()
    {
        var refused = await Server.JsonAsync(HttpMethod.Post, "/api/definitions?dryRun=yes", ApiServer.AdminKey,
            ApiServer.Workflow("draft", "  steps:\n    - { id: a, task: echo }\n"), expect: 400);

        Assert.Equal("'dryRun' must be true or false, not 'yes'.", refused["detail"]!.GetValue<string>());
        Assert.Empty((await Server.JsonAsync(HttpMethod.Get, "/api/definitions", ApiServer.AdminKey, expect: 200)).AsArray());
    }

    [Fact]
    public async Task DryRun_ValidDefinition_AnswersItsNameAndVersionAndStoresNothing()
    {
        var verdict = await Server.JsonAsync(HttpMethod.Post, "/api/definitions?dryRun=true", ApiServer.AdminKey,
            ApiServer.Workflow("draft", "  steps:\n    - { id: a, task: echo }\n", "3"), expect: 200);

        Assert.True(verdict["valid"]!.GetValue<bool>());
        Assert.Equal(("draft", "3"), (verdict["name"]!.GetValue<string>(), verdict["version"]!.GetValue<string>()));
        Assert.Empty((await Server.JsonAsync(HttpMethod.Get, "/api/definitions", ApiServer.AdminKey, expect: 200)).AsArray());
    }

    [Fact]
    public async Task StateAtAndFork_AfterTheFirstStep_ShowThePastAndStartANewRunFromIt()
    {
        await Server.UploadAsync(ApiServer.Workflow("travel", """
              steps:
                - { id: first, task: echo, input: { v: "${input.v}" } }
                - { id: second, task: echo, depends_on: [first], input: { kept: "${steps.first.output.v}", now: "${input.v}" } }
            """));
        var done = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/travel/instances?instanceId=orig&wait=20", body: """{"v":"old"}""", expect: 200);
        Assert.Equal("Completed", done["runtimeStatus"]!.GetValue<string>());

        var past = await Server.JsonAsync(HttpMethod.Get, "/api/instances/orig/history/1/state", expect: 200);
        Assert.Equal(("Running", 1), (past["runtimeStatus"]!.GetValue<string>(), past["sequence"]!.GetValue<int>()));
        Assert.Contains(past["steps"]!.AsArray(), s => s!["id"]!.GetValue<string>() == "second" && s["status"]!.GetValue<string>() == "running");

        var forked = await Server.JsonAsync(HttpMethod.Post, "/api/instances/orig/fork?at=1&instanceId=fork1", body: """{"v":"new"}""", expect: 202);
        Assert.Equal("fork1", forked["id"]!.GetValue<string>());
        var fork = await Server.JsonAsync(HttpMethod.Get, "/api/instances/fork1", expect: 200);
        for (var i = 0; i < 200 && fork["runtimeStatus"]!.GetValue<string>() != "Completed"; i++)
        {
            await Task.Delay(50);
            fork = await Server.JsonAsync(HttpMethod.Get, "/api/instances/fork1", expect: 200);
        }
        Assert.Equal("Completed", fork["runtimeStatus"]!.GetValue<string>());
        var second = fork["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "second")!;
        Assert.Equal("""{"kept":"old","now":"new"}""", second["output"]!.ToJsonString());
        Assert.Equal("""{"v":"old"}""", (await Server.JsonAsync(HttpMethod.Get, "/api/instances/orig", expect: 200))["input"]!.ToJsonString());
    }

    [Fact]
    public async Task StateAtAndFork_BadPoint_Is400AndUnknownInstance404()
    {
        await Server.UploadAsync(ApiServer.Workflow("travel", "  steps:\n    - { id: first, task: echo }\n"));
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/travel/instances?instanceId=orig&wait=20", expect: 200);

        var bad = await Server.JsonAsync(HttpMethod.Get, "/api/instances/orig/history/7/state", expect: 400);
        Assert.Equal("https://baton.dev/problems/bad-history-point", bad["type"]!.GetValue<string>());
        var missing = await Server.JsonAsync(HttpMethod.Post, "/api/instances/orig/fork", expect: 400);
        Assert.Equal("'at' is required.", missing["title"]!.GetValue<string>());
        foreach (var at in new[] { "abc", "-1", "99999999999999999999" })
        {
            var invalid = await Server.JsonAsync(HttpMethod.Post, $"/api/instances/orig/fork?at={at}", expect: 400);
            Assert.Equal("'at' is invalid.", invalid["title"]!.GetValue<string>());
            Assert.Contains(at, invalid["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        var twice = await Server.JsonAsync(HttpMethod.Post, "/api/instances/orig/fork?at=0&at=1", expect: 400);
        Assert.Equal("'at' is given 2 times.", twice["title"]!.GetValue<string>());
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/nobody/fork?at=0", expect: 404);
        await Server.JsonAsync(HttpMethod.Get, "/api/instances/nobody/history/0/state", expect: 404);
        Assert.Single((await Server.JsonAsync(HttpMethod.Get, "/api/instances", expect: 200))["instances"]!.AsArray());
    }

    /// <summary>The suite on <c>baton serve</c> (the embedded hub).</summary>
    public sealed class OnServe : DesignerApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    /// <summary>The suite on the function app (the Durable backend).</summary>
    public sealed class OnFunctionApp : DesignerApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
