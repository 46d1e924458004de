using System.Net;
using System.Text.Json.Nodes;
using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary>Errors are problem details: a route's own, and (on <c>baton serve</c>, which routes itself) a path or method it does not serve.</summary>
public abstract class ProblemDetailsTests : ApiSuite
{
    [Theory]
    [InlineData("GET", "/api/nothing-here", HttpStatusCode.NotFound, "not-found")]
    [InlineData("PUT", "/api/instances", HttpStatusCode.MethodNotAllowed, "method-not-allowed")]
    [InlineData("GET", "/api/instances?top=0", HttpStatusCode.BadRequest, "bad-argument")]
    [InlineData("GET", "/api/instances?continuationToken=!!", HttpStatusCode.BadRequest, "bad-argument")]
    [InlineData("GET", "/api/instances?createdFrom=yesterday", HttpStatusCode.BadRequest, "bad-argument")]
    [InlineData("POST", "/api/definitions", HttpStatusCode.BadRequest, "empty-body")]
    public async Task Request_ThatFails_GetsProblemDetails(string method, string path, HttpStatusCode status, string slug)
    {
        if (status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed && Kind == ApiHostKind.FunctionApp)
        {
            // In the function app a path no function serves is the Functions host's to answer, not the app's.
            return;
        }
        using var response = await Server.SendAsync(new HttpMethod(method), path, ApiServer.AdminKey, method == "POST" ? "" : null);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal($"https://baton.dev/problems/{slug}", problem["type"]!.GetValue<string>());
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
        Assert.DoesNotContain("   at ", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_HealthyBackend_SaysReadyWithItsDetails()
    {
        var ready = await Server.JsonAsync(HttpMethod.Get, "/readyz", key: null, expect: 200);

        Assert.Equal("ready", ready["status"]!.GetValue<string>());
        if (Kind == ApiHostKind.Serve)
        {
            var loops = ready["loops"]!.AsArray().Select(l => (l!["name"]!.GetValue<string>(), l["state"]!.GetValue<string>())).ToArray();
            Assert.Equal([("leases", "running"), ("sweeper", "running"), ("timers", "running"), ("writer", "running")], loops);
        }
        else
        {
            Assert.Equal("durable", ready["backend"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(ready["taskHub"]?.GetValue<string>()));
        }
    }

    /// <summary>The suite on <c>baton serve</c> (the embedded hub).</summary>
    public sealed class OnServe : ProblemDetailsTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    /// <summary>The suite on the function app (the Durable backend).</summary>
    public sealed class OnFunctionApp : ProblemDetailsTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
