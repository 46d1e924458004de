using System.Net;

namespace Baton.Host.Tests.Endpoints;

public sealed class AuthTests : IAsyncLifetime
{
    private HostFixture _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HostFixture.StartAsync();
        await _host.UploadAsync(HostFixture.Workflow("hello", "  steps:\n    - { id: a, task: echo, input: { v: 1 } }\n"));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string, string> Endpoints() => new()
    {
        { "GET", "/healthz", "anonymous" },
        { "GET", "/readyz", "anonymous" },
        { "POST", "/api/workflows/hello/instances", "function" },
        { "GET", "/api/instances", "function" },
        { "GET", "/api/instances/none", "function" },
        { "GET", "/api/instances/none/history", "function" },
        { "POST", "/api/instances/none/terminate", "function" },
        { "POST", "/api/instances/none/events/go", "function" },
        { "GET", "/runtime/webhooks/durabletask/instances", "function" },
        { "GET", "/runtime/webhooks/durabletask/instances/none", "function" },
        { "POST", "/runtime/webhooks/durabletask/orchestrators/hello", "function" },
        { "POST", "/api/definitions", "admin" },
        { "GET", "/api/definitions", "admin" },
        { "GET", "/api/catalogs", "admin" },
        { "DELETE", "/api/instances/none", "admin" },
        { "DELETE", "/api/instances", "admin" },
        { "DELETE", "/runtime/webhooks/durabletask/instances/none", "admin" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_EachKind_OfKey_GetsTheRightAnswer(string method, string path, string level)
    {
        var m = new HttpMethod(method);
        var body = method == "POST" ? (path.EndsWith("definitions", StringComparison.Ordinal) ? HostFixture.Workflow("other", "  steps:\n    - { id: a, task: echo }\n") : "{}") : null;
        var none = await _host.SendAsync(m, path, key: null, body: body);
        var wrong = await _host.SendAsync(m, path, key: "not-a-key", body: body);
        if (level == "anonymous")
        {
            Assert.Equal(HttpStatusCode.OK, none.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        var function = await _host.SendAsync(m, path, HostFixture.FunctionKey, body);
        var admin = await _host.SendAsync(m, path, HostFixture.AdminKey, body);
        if (level == "admin")
        {
            Assert.Equal(HttpStatusCode.Forbidden, function.StatusCode);
        }
        else
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, function.StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, function.StatusCode);
        }
        Assert.NotEqual(HttpStatusCode.Unauthorized, admin.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, admin.StatusCode);
    }

    [Fact]
    public async Task RejectedRequests_ChangeNothing()
    {
        await _host.SendAsync(HttpMethod.Post, "/api/workflows/hello/instances?instanceId=sneaky", key: null, body: "{}");
        await _host.SendAsync(HttpMethod.Post, "/api/definitions", key: HostFixture.FunctionKey, body: HostFixture.Workflow("sneaky", "  steps:\n    - { id: a, task: echo }\n"));
        await _host.SendAsync(HttpMethod.Post, "/api/workflows/hello/instances?instanceId=sneaky2&code=wrong", key: null, body: "{}");
        var status = await _host.SendAsync(HttpMethod.Get, "/api/instances/sneaky");
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        var list = await _host.JsonAsync(HttpMethod.Get, "/api/definitions", HostFixture.AdminKey, expect: 200);
        Assert.DoesNotContain("sneaky", list.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty((await _host.JsonAsync(HttpMethod.Get, "/api/instances", expect: 200))["instances"]!.AsArray());
    }

    [Fact]
    public async Task KeyInCodeQuery_IsAccepted()
    {
        var response = await _host.SendAsync(HttpMethod.Get, $"/api/instances?code={HostFixture.FunctionKey}", key: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
