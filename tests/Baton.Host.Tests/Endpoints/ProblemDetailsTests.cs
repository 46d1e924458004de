using System.Net;
using System.Text.Json.Nodes;

namespace Baton.Host.Tests.Endpoints;

/// <summary>Errors outside any endpoint's own handling are problem details too.</summary>
public sealed class ProblemDetailsTests : IAsyncLifetime
{
    private HostFixture _host = null!;

    public async Task InitializeAsync() => _host = await HostFixture.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/nothing-here", HttpStatusCode.NotFound, "not-found")]
    [InlineData("PUT", "/api/instances", HttpStatusCode.MethodNotAllowed, "method-not-allowed")]
    [InlineData("GET", "/api/instances?top=0", HttpStatusCode.BadRequest, "bad-argument")]
    [InlineData("GET", "/api/instances?continuationToken=!!", HttpStatusCode.BadRequest, "bad-argument")]
    [InlineData("GET", "/api/instances?createdFrom=yesterday", HttpStatusCode.BadRequest, "bad-argument")]
    [InlineData("POST", "/api/definitions", HttpStatusCode.BadRequest, "empty-body")]
    public async Task Request_ThatFails_GetsProblemDetails(string method, string path, HttpStatusCode status, string slug)
    {
        using var response = await _host.SendAsync(new HttpMethod(method), path, HostFixture.AdminKey, method == "POST" ? "" : null);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal($"https://baton.dev/problems/{slug}", problem["type"]!.GetValue<string>());
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
        Assert.DoesNotContain("   at ", problem.ToJsonString(), StringComparison.Ordinal);
    }
}

public class ErrorMappingTests
{
    [Fact]
    public void Map_InternalArgumentException_IsAServerFaultNotA400()
    {
        var problem = Baton.ControlPlane.Http.ApiErrors.Map(new ArgumentException("an internal contract was broken", "x"));

        Assert.Equal(500, problem.Status);
        Assert.DoesNotContain("internal contract", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_ClientErrorsThatAreArgumentExceptions_StayClientErrors()
    {
        Assert.Equal(400, Baton.ControlPlane.Http.ApiErrors.Map(new Runtime.Store.InvalidContinuationTokenException("!!")).Status);
        Assert.Equal(400, Baton.ControlPlane.Http.ApiErrors.Map(new Baton.Host.Auth.InvalidKeyException("bad name")).Status);
    }
}

public sealed class ReadinessTests : IAsyncLifetime
{
    private HostFixture _host = null!;

    public async Task InitializeAsync() => _host = await HostFixture.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Readyz_HealthyHub_ListsEveryBackgroundLoopRunning()
    {
        var ready = await _host.JsonAsync(HttpMethod.Get, "/readyz", key: null, expect: 200);

        Assert.Equal("ready", ready["status"]!.GetValue<string>());
        var loops = ready["loops"]!.AsArray().Select(l => (l!["name"]!.GetValue<string>(), l["state"]!.GetValue<string>())).ToArray();
        Assert.Equal([("leases", "running"), ("sweeper", "running"), ("timers", "running"), ("writer", "running")], loops);
    }
}
