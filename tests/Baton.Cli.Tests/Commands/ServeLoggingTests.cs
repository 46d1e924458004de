using System.Net;
using System.Text;
using Baton.Testing;

namespace Baton.Cli.Tests.Commands;

/// <summary>The server's log, read from a real `baton serve` process: client errors are one line each, without traces.</summary>
public sealed class ServeLoggingTests : IDisposable
{
    private const string Admin = "log-admin-key";
    private const string Function = "log-function-key";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Serve_ClientErrors_AreLoggedAsRefusalsWithoutStackTraces()
    {
        using var server = await ServeProcess.StartAsync(_dir.Path, new Dictionary<string, string> { ["BATON_ADMIN_KEY"] = Admin, ["BATON_FUNCTION_KEY"] = Function });
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        var requests = new (HttpMethod Method, string Path, string Key, string? Body, HttpStatusCode Expected)[]
        {
            (HttpMethod.Post, "/api/definitions", Admin, "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: w }\nspec:\n  steps:\n    - { id: a, task: echo }\n", HttpStatusCode.Created),
            (HttpMethod.Post, "/api/workflows/w/instances", Function, "{not json", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/workflows/w/instances?instanceId=a%2Fb", Function, "null", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/workflows/nothing/instances", Function, "null", HttpStatusCode.NotFound),
            (HttpMethod.Get, "/runtime/webhooks/durabletask/instances?x=1", Function, null, HttpStatusCode.OK),
            (HttpMethod.Post, "/api/definitions", Admin, "kind: Workflow\n", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/admin/host/keys/not%20a%20name", Admin, null, HttpStatusCode.BadRequest),
        };
        foreach (var (method, path, key, body, expected) in requests)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add("x-functions-key", key);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }
            using var response = await http.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        using var badToken = new HttpRequestMessage(HttpMethod.Get, "/runtime/webhooks/durabletask/instances");
        badToken.Headers.Add("x-functions-key", Function);
        badToken.Headers.Add("x-ms-continuation-token", "bm90IGEgdG9rZW4=");
        using var tokenResponse = await http.SendAsync(badToken);
        Assert.Equal(HttpStatusCode.BadRequest, tokenResponse.StatusCode);
        Assert.Contains("The continuation token is invalid", await tokenResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var log = await server.KillAndReadLogAsync();

        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", log, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", log, StringComparison.Ordinal);
        Assert.Contains("Refused POST /api/workflows/w/instances: 400", log, StringComparison.Ordinal);
        Assert.Contains("invalid-instance-id", log, StringComparison.Ordinal);
        Assert.Contains("The continuation token is invalid", log, StringComparison.Ordinal);
    }
}
