using System.Net;
using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary>Every route behind its key level, on each host: no key or a wrong one is 401, a function key on an admin route
/// is refused (403 on <c>baton serve</c>, 401 from the Functions host), and a refused request changes nothing.</summary>
public abstract class AuthTests : ApiSuite
{
    protected override async Task SetUpAsync()
    {
        await Server.UploadAsync(ApiServer.Workflow("hello", "  steps:\n    - { id: a, task: echo, input: { v: 1 } }\n"));
    }

    [Fact]
    public async Task EveryRoute_EachKindOfKey_GetsTheRightAnswer()
    {
        var routes = Server.Routes;
        Assert.True(routes.Count >= 40, $"only {routes.Count} routes found");
        var anonymous = routes.Where(r => r.Level == Baton.ControlPlane.Auth.AuthLevel.Anonymous).Select(r => r.Pattern).ToHashSet();
        Assert.Equal([.. Kind == ApiHostKind.Serve ? new[] { "/" } : [], "/healthz", "/metrics", "/openapi/v1.json", "/readyz", "/ui", "/ui/{*path}"],
            anonymous.Order(StringComparer.Ordinal));
        var failures = new List<string>();
        foreach (var (pattern, method, level) in routes)
        {
            var path = Concrete(pattern);
            var m = new HttpMethod(method);
            var body = method is "POST" or "PUT" ? Body(path) : null;
            var none = await StatusAsync(m, path, null, body);
            var wrong = await StatusAsync(m, path, "not-a-key", body);
            var function = await StatusAsync(m, path, ApiServer.FunctionKey, body);
            var admin = await StatusAsync(m, path, ApiServer.AdminKey, body);
            var expected = level switch
            {
                Baton.ControlPlane.Auth.AuthLevel.Anonymous => none is not (401 or 403) && function is not (401 or 403),
                Baton.ControlPlane.Auth.AuthLevel.Function => none == 401 && wrong == 401 && function is not (401 or 403) && admin is not (401 or 403),
                _ => none == 401 && wrong == 401 && function == Server.WrongLevelStatus && admin is not (401 or 403),
            };
            if (!expected)
            {
                failures.Add($"{method} {path} ({level}): none {none}, wrong {wrong}, function {function}, admin {admin}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<int> StatusAsync(HttpMethod method, string path, string? key, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body);
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await Server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        return (int)response.StatusCode;
    }

    private static string Concrete(string pattern) => pattern
        .Replace("{name}", "hello", StringComparison.Ordinal)
        .Replace("{functionName}", "hello", StringComparison.Ordinal)
        .Replace("/{instanceId?}", "", StringComparison.Ordinal)
        .Replace("{documentName}", "v1", StringComparison.Ordinal)
        .Replace("{version}", "1", StringComparison.Ordinal)
        .Replace("{eventName}", "go", StringComparison.Ordinal)
        .Replace("{instanceId}", "none", StringComparison.Ordinal)
        .Replace("{id}", "none", StringComparison.Ordinal)
        .Replace("{sequence:long}", "0", StringComparison.Ordinal);

    private static string Body(string path) =>
        path.EndsWith("/definitions", StringComparison.Ordinal) ? ApiServer.Workflow("other", "  steps:\n    - { id: a, task: echo }\n")
        : path.EndsWith("/catalogs", StringComparison.Ordinal) ? "apiVersion: baton.dev/v1\nkind: Catalog\nmetadata: { name: extra }\ntasks: {}\n"
        : "{}";

    [Fact]
    public async Task RejectedRequests_ChangeNothing()
    {
        await Server.SendAsync(HttpMethod.Post, "/api/workflows/hello/instances?instanceId=sneaky", key: null, body: "{}");
        await Server.SendAsync(HttpMethod.Post, "/api/definitions", key: ApiServer.FunctionKey, body: ApiServer.Workflow("sneaky", "  steps:\n    - { id: a, task: echo }\n"));
        await Server.SendAsync(HttpMethod.Post, "/api/workflows/hello/instances?instanceId=sneaky2&code=wrong", key: null, body: "{}");
        var status = await Server.SendAsync(HttpMethod.Get, "/api/instances/sneaky");
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        var list = await Server.JsonAsync(HttpMethod.Get, "/api/definitions", ApiServer.AdminKey, expect: 200);
        Assert.DoesNotContain("sneaky", list.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty((await Server.JsonAsync(HttpMethod.Get, "/api/instances", expect: 200))["instances"]!.AsArray());
    }

    [Fact]
    public async Task KeyInCodeQuery_IsAccepted()
    {
        var response = await Server.SendAsync(HttpMethod.Get, $"/api/instances?code={ApiServer.FunctionKey}", key: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The suite on <c>baton serve</c> (the embedded hub).</summary>
    public sealed class OnServe : AuthTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    /// <summary>The suite on the function app (the Durable backend).</summary>
    public sealed class OnFunctionApp : AuthTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
