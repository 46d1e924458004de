using System.Net;

namespace Baton.Host.Tests.Endpoints;

public sealed class DefinitionApiTests : IAsyncLifetime
{
    private HostFixture _host = null!;

    public async Task InitializeAsync() => _host = await HostFixture.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Upload_InvalidDefinition_IsProblemWithLinesAndStoresNothing()
    {
        var problem = await _host.JsonAsync(HttpMethod.Post, "/api/definitions", HostFixture.AdminKey,
            HostFixture.Workflow("bad", "  steps:\n    - { id: a, task: echo, depends_on: [zz] }\n    - { id: b, tsk: echo }\n"), expect: 400);
        Assert.Equal("https://baton.dev/problems/invalid-definition", problem["type"]!.GetValue<string>());
        var errors = problem["errors"]!.AsArray();
        Assert.Contains(errors, e => e!["code"]!.GetValue<string>() == "BTN023" && e["line"]!.GetValue<int>() == 6);
        Assert.Contains(errors, e => e!["code"]!.GetValue<string>() == "BTN010" && e["fix"]!.GetValue<string>().Contains("'task'", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await _host.SendAsync(HttpMethod.Get, "/api/definitions/bad", HostFixture.AdminKey)).StatusCode);
    }

    [Fact]
    public async Task Upload_Versions_AreImmutableWithAnActiveOne()
    {
        var v1 = HostFixture.Workflow("orders", "  steps:\n    - { id: a, task: echo }\n", "1.0");
        using (var created = await _host.SendAsync(HttpMethod.Post, "/api/definitions", HostFixture.AdminKey, v1, "application/yaml"))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("/api/definitions/orders/versions/1.0", created.Headers.Location!.ToString());
        }
        await _host.JsonAsync(HttpMethod.Post, "/api/definitions", HostFixture.AdminKey, v1, expect: 200);
        var changed = HostFixture.Workflow("orders", "  steps:\n    - { id: b, task: echo }\n", "1.0");
        var conflict = await _host.JsonAsync(HttpMethod.Post, "/api/definitions", HostFixture.AdminKey, changed, expect: 409);
        Assert.Equal("https://baton.dev/problems/version-conflict", conflict["type"]!.GetValue<string>());
        await _host.UploadAsync(HostFixture.Workflow("orders", "  steps:\n    - { id: b, task: echo }\n", "2.0"));
        var listed = await _host.JsonAsync(HttpMethod.Get, "/api/definitions/orders", HostFixture.AdminKey, expect: 200);
        Assert.Equal("1.0", listed["activeVersion"]!.GetValue<string>());
        await _host.JsonAsync(HttpMethod.Post, "/api/definitions/orders/versions/2.0/activate", HostFixture.AdminKey, expect: 200);
        var started = await _host.JsonAsync(HttpMethod.Post, "/api/workflows/orders/instances?wait=20", expect: 200);
        Assert.Equal("2.0", started["version"]!.GetValue<string>());
        var pinned = await _host.JsonAsync(HttpMethod.Post, "/api/workflows/orders/instances?version=1.0&wait=20", expect: 200);
        Assert.Equal("1.0", pinned["version"]!.GetValue<string>());
        using var diff = await _host.SendAsync(HttpMethod.Get, "/api/definitions/orders/diff?from=1.0&to=2.0", HostFixture.AdminKey);
        var text = await diff.Content.ReadAsStringAsync();
        Assert.Contains("-    - { id: a, task: echo }", text, StringComparison.Ordinal);
        Assert.Contains("+    - { id: b, task: echo }", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await _host.SendAsync(HttpMethod.Delete, "/api/definitions/orders/versions/1.0", HostFixture.AdminKey)).StatusCode);
        await _host.JsonAsync(HttpMethod.Post, "/api/workflows/orders/instances?version=1.0", expect: 404);
    }

    [Fact]
    public async Task Catalog_Registered_BindsTasksOfStartsByName()
    {
        await _host.JsonAsync(HttpMethod.Post, "/api/catalogs", HostFixture.AdminKey,
            "apiVersion: baton.dev/v1\nkind: Catalog\nmetadata: { name: default, version: '1' }\ntasks:\n  shout: { runner: process, command: [\"tr\", \"a-z\", \"A-Z\"], stdin: \"${input.text}\", output: text }\n", expect: 201);
        await _host.UploadAsync(HostFixture.Workflow("loud", "  steps:\n    - { id: s, task: shout, input: { text: quiet } }\n"));
        var done = await _host.JsonAsync(HttpMethod.Post, "/api/workflows/loud/instances?wait=20", expect: 200);
        Assert.Equal("QUIET", done["output"]!["s"]!["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_TaskNotBound_IsRefusedUpFront()
    {
        await _host.UploadAsync(HostFixture.Workflow("unbound", "  steps:\n    - { id: s, task: resize-image }\n"));
        var problem = await _host.JsonAsync(HttpMethod.Post, "/api/workflows/unbound/instances?instanceId=u1", expect: 400);
        Assert.Equal("BTN022", problem["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await _host.SendAsync(HttpMethod.Get, "/api/instances/u1")).StatusCode);
    }

    [Theory]
    [InlineData("../regtest/9")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("a?b#c")]
    [InlineData("a\\u0000b")]
    public async Task Upload_VersionOutsideItsAlphabet_Is400Btn089AndStoresNothing(string version)
    {
        var text = $"apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: {{ name: regtest, version: \"{version}\" }}\nspec:\n  steps:\n    - {{ id: a, task: echo }}\n";
        var problem = await _host.JsonAsync(HttpMethod.Post, "/api/definitions", HostFixture.AdminKey, text, expect: 400);
        Assert.Equal("BTN089", problem["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await _host.SendAsync(HttpMethod.Get, "/api/definitions/regtest", HostFixture.AdminKey)).StatusCode);
        var catalog = $"apiVersion: baton.dev/v1\nkind: Catalog\nmetadata: {{ name: cat, version: \"{version}\" }}\ntasks: {{}}\n";
        Assert.Equal("BTN089", (await _host.JsonAsync(HttpMethod.Post, "/api/catalogs", HostFixture.AdminKey, catalog, expect: 400))["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retired_Version_StartsNothingAndCannotBeActivatedOrForked()
    {
        await _host.UploadAsync(HostFixture.Workflow("old", "  steps:\n    - { id: a, task: echo, input: { v: 1 } }\n", "1"));
        await _host.UploadAsync(HostFixture.Workflow("old", "  steps:\n    - { id: a, task: echo, input: { v: 2 } }\n", "2"));
        await _host.JsonAsync(HttpMethod.Post, "/api/workflows/old/instances?instanceId=old-run&version=1&wait=20", expect: 200);
        Assert.Equal(HttpStatusCode.NoContent, (await _host.SendAsync(HttpMethod.Delete, "/api/definitions/old/versions/1", HostFixture.AdminKey)).StatusCode);

        var byName = await _host.JsonAsync(HttpMethod.Post, "/api/workflows/old/instances", expect: 404);
        Assert.Contains("no active version", byName["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var byVersion = await _host.JsonAsync(HttpMethod.Post, "/api/workflows/old/instances?version=1", expect: 404);
        Assert.Contains("is retired", byVersion["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var activate = await _host.JsonAsync(HttpMethod.Post, "/api/definitions/old/versions/1/activate", HostFixture.AdminKey, expect: 409);
        Assert.Equal("https://baton.dev/problems/version-retired", activate["type"]!.GetValue<string>());
        var fork = await _host.JsonAsync(HttpMethod.Post, "/api/instances/old-run/fork?at=1&instanceId=old-fork", expect: 409);
        Assert.Equal("https://baton.dev/problems/version-retired", fork["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await _host.SendAsync(HttpMethod.Get, "/api/instances/old-fork")).StatusCode);
        await _host.JsonAsync(HttpMethod.Post, "/api/workflows/old/instances?version=2&wait=20", expect: 200);
    }
}
