using System.Net;

using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

public abstract class DefinitionApiTests : ApiSuite
{
    [Fact]
    public async Task Upload_InvalidDefinition_IsProblemWithLinesAndStoresNothing()
    {
        var problem = await Server.JsonAsync(HttpMethod.Post, "/api/definitions", ApiServer.AdminKey,
            ApiServer.Workflow("bad", "  steps:\n    - { id: a, task: echo, depends_on: [zz] }\n    - { id: b, tsk: echo }\n"), expect: 400);
        Assert.Equal("https://baton.dev/problems/invalid-definition", problem["type"]!.GetValue<string>());
        var errors = problem["errors"]!.AsArray();
        Assert.Contains(errors, e => e!["code"]!.GetValue<string>() == "BTN023" && e["line"]!.GetValue<int>() == 6);
        Assert.Contains(errors, e => e!["code"]!.GetValue<string>() == "BTN010" && e["fix"]!.GetValue<string>().Contains("'task'", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, "/api/definitions/bad", ApiServer.AdminKey)).StatusCode);
    }

    [Fact]
    public async Task Upload_Versions_AreImmutableWithAnActiveOne()
    {
        var v1 = ApiServer.Workflow("orders", "  steps:\n    - { id: a, task: echo }\n", "1.0");
        using (var created = await Server.SendAsync(HttpMethod.Post, "/api/definitions", ApiServer.AdminKey, v1, "application/yaml"))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("/api/definitions/orders/versions/1.0", created.Headers.Location!.ToString());
        }
        await Server.JsonAsync(HttpMethod.Post, "/api/definitions", ApiServer.AdminKey, v1, expect: 200);
        var changed = ApiServer.Workflow("orders", "  steps:\n    - { id: b, task: echo }\n", "1.0");
        var conflict = await Server.JsonAsync(HttpMethod.Post, "/api/definitions", ApiServer.AdminKey, changed, expect: 409);
        Assert.Equal("https://baton.dev/problems/version-conflict", conflict["type"]!.GetValue<string>());
        await Server.UploadAsync(ApiServer.Workflow("orders", "  steps:\n    - { id: b, task: echo }\n", "2.0"));
        var listed = await Server.JsonAsync(HttpMethod.Get, "/api/definitions/orders", ApiServer.AdminKey, expect: 200);
        Assert.Equal("1.0", listed["activeVersion"]!.GetValue<string>());
        await Server.JsonAsync(HttpMethod.Post, "/api/definitions/orders/versions/2.0/activate", ApiServer.AdminKey, expect: 200);
        var started = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/orders/instances?wait=20", expect: 200);
        Assert.Equal("2.0", started["version"]!.GetValue<string>());
        var pinned = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/orders/instances?version=1.0&wait=20", expect: 200);
        Assert.Equal("1.0", pinned["version"]!.GetValue<string>());
        using var diff = await Server.SendAsync(HttpMethod.Get, "/api/definitions/orders/diff?from=1.0&to=2.0", ApiServer.AdminKey);
        var text = await diff.Content.ReadAsStringAsync();
        Assert.Contains("-    - { id: a, task: echo }", text, StringComparison.Ordinal);
        Assert.Contains("+    - { id: b, task: echo }", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await Server.SendAsync(HttpMethod.Delete, "/api/definitions/orders/versions/1.0", ApiServer.AdminKey)).StatusCode);
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/orders/instances?version=1.0", expect: 404);
    }

    [Fact]
    public async Task Catalog_Registered_BindsTasksOfStartsByName()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/catalogs", ApiServer.AdminKey,
            "apiVersion: baton.dev/v1\nkind: Catalog\nmetadata: { name: default, version: '1' }\ntasks:\n  shout: { runner: process, command: [\"tr\", \"a-z\", \"A-Z\"], stdin: \"${input.text}\", output: text }\n", expect: 201);
        await Server.UploadAsync(ApiServer.Workflow("loud", "  steps:\n    - { id: s, task: shout, input: { text: quiet } }\n"));
        var done = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/loud/instances?wait=20", expect: 200);
        Assert.Equal("QUIET", done["output"]!["s"]!["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_TaskNotBound_IsRefusedUpFront()
    {
        await Server.UploadAsync(ApiServer.Workflow("unbound", "  steps:\n    - { id: s, task: resize-image }\n"));
        var problem = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/unbound/instances?instanceId=u1", expect: 400);
        Assert.Equal("BTN022", problem["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, "/api/instances/u1")).StatusCode);
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
        var problem = await Server.JsonAsync(HttpMethod.Post, "/api/definitions", ApiServer.AdminKey, text, expect: 400);
        Assert.Equal("BTN089", problem["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, "/api/definitions/regtest", ApiServer.AdminKey)).StatusCode);
        var catalog = $"apiVersion: baton.dev/v1\nkind: Catalog\nmetadata: {{ name: cat, version: \"{version}\" }}\ntasks: {{}}\n";
        Assert.Equal("BTN089", (await Server.JsonAsync(HttpMethod.Post, "/api/catalogs", ApiServer.AdminKey, catalog, expect: 400))["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retired_Version_StartsNothingAndCannotBeActivatedOrForked()
    {
        await Server.UploadAsync(ApiServer.Workflow("old", "  steps:\n    - { id: a, task: echo, input: { v: 1 } }\n", "1"));
        await Server.UploadAsync(ApiServer.Workflow("old", "  steps:\n    - { id: a, task: echo, input: { v: 2 } }\n", "2"));
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/old/instances?instanceId=old-run&version=1&wait=20", expect: 200);
        Assert.Equal(HttpStatusCode.NoContent, (await Server.SendAsync(HttpMethod.Delete, "/api/definitions/old/versions/1", ApiServer.AdminKey)).StatusCode);

        var byName = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/old/instances", expect: 404);
        Assert.Contains("no active version", byName["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var byVersion = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/old/instances?version=1", expect: 404);
        Assert.Contains("is retired", byVersion["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var activate = await Server.JsonAsync(HttpMethod.Post, "/api/definitions/old/versions/1/activate", ApiServer.AdminKey, expect: 409);
        Assert.Equal("https://baton.dev/problems/version-retired", activate["type"]!.GetValue<string>());
        var fork = await Server.JsonAsync(HttpMethod.Post, "/api/instances/old-run/fork?at=1&instanceId=old-fork", expect: 409);
        Assert.Equal("https://baton.dev/problems/version-retired", fork["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, "/api/instances/old-fork")).StatusCode);
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/old/instances?version=2&wait=20", expect: 200);
    }

    /// <summary>The suite on <c>baton serve</c> (the embedded hub).</summary>
    public sealed class OnServe : DefinitionApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    /// <summary>The suite on the function app (the Durable backend).</summary>
    public sealed class OnFunctionApp : DefinitionApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
