using System.Net;

namespace Baton.Host.Tests.Endpoints;

/// <summary>What the designer and monitor need of the host: the UI's files, the palette's task list, validation without storing.</summary>
public sealed class DesignerApiTests : IAsyncLifetime
{
    private HostFixture _host = null!;

    public async Task InitializeAsync() => _host = await HostFixture.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetRoot_Anonymous_RedirectsToTheUi()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = _host.Host.Addresses[0] };
        using var root = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/ui/", root.Headers.Location!.ToString());
    }

    [Fact]
    public async Task GetUi_Anonymous_ServesTheBuildWithAContentSecurityPolicy()
    {
        using var index = await _host.SendAsync(HttpMethod.Get, "/ui/", key: null);
        var html = await index.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("<div id=\"root\"></div>", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/ui/assets/[^\"]+\\.js)\"").Groups[1].Value;
        using var js = await _host.SendAsync(HttpMethod.Get, script, key: null);
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.Equal("nosniff", js.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task GetTasks_FunctionKey_IsForbidden()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/api/tasks");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task GetTasks_ActiveCatalog_ListsItsTasksAndTheFunctionsButNoSettings()
    {
        await _host.JsonAsync(HttpMethod.Post, "/api/catalogs", HostFixture.AdminKey, """
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

        var listed = await _host.JsonAsync(HttpMethod.Get, "/api/tasks", HostFixture.AdminKey, expect: 200);

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
        var verdict = await _host.JsonAsync(HttpMethod.Post, "/api/definitions?dryRun=true", HostFixture.AdminKey,
            HostFixture.Workflow("draft", "  steps:\n    - { id: a, task: echo, depends_on: [zz] }\n"), expect: 200);

        Assert.False(verdict["valid"]!.GetValue<bool>());
        var error = Assert.Single(verdict["errors"]!.AsArray())!;
        Assert.Equal(("BTN023", 6), (error["code"]!.GetValue<string>(), error["line"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.NotFound, (await _host.SendAsync(HttpMethod.Get, "/api/definitions/draft", HostFixture.AdminKey)).StatusCode);
    }

    [Fact]
    public async Task DryRun_ValidDefinition_AnswersItsNameAndVersionAndStoresNothing()
    {
        var verdict = await _host.JsonAsync(HttpMethod.Post, "/api/definitions?dryRun=true", HostFixture.AdminKey,
            HostFixture.Workflow("draft", "  steps:\n    - { id: a, task: echo }\n", "3"), expect: 200);

        Assert.True(verdict["valid"]!.GetValue<bool>());
        Assert.Equal(("draft", "3"), (verdict["name"]!.GetValue<string>(), verdict["version"]!.GetValue<string>()));
        Assert.Empty((await _host.JsonAsync(HttpMethod.Get, "/api/definitions", HostFixture.AdminKey, expect: 200)).AsArray());
    }
}
