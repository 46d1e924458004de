namespace Baton.Host.Tests.Endpoints;

public sealed class OpenApiTests : IAsyncLifetime
{
    private HostFixture _host = null!;

    public async Task InitializeAsync() => _host = await HostFixture.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task OpenApiDocument_DescribesEveryRoute()
    {
        var doc = await _host.JsonAsync(HttpMethod.Get, "/openapi/v1.json", key: null, expect: 200);
        var paths = doc["paths"]!.AsObject();
        foreach (var (path, methods) in new[]
        {
            ("/api/workflows/{name}/instances", "post"),
            ("/api/instances", "get"),
            ("/api/instances/{id}", "get"),
            ("/api/instances/{id}/history", "get"),
            ("/api/instances/{id}/events/{eventName}", "post"),
            ("/api/instances/{id}/terminate", "post"),
            ("/api/instances/{id}/rewind", "post"),
            ("/api/instances/{id}/stream", "get"),
            ("/api/definitions", "post"),
            ("/api/definitions/{name}/versions/{version}/activate", "post"),
            ("/api/catalogs", "post"),
            ("/runtime/webhooks/durabletask/orchestrators/{functionName}/{instanceId}", "post"),
            ("/runtime/webhooks/durabletask/instances/{instanceId}/raiseEvent/{eventName}", "post"),
            ("/runtime/webhooks/durabletask/instances", "delete"),
            ("/healthz", "get"),
        })
        {
            Assert.True(paths[path]?[methods] is not null, $"{methods.ToUpperInvariant()} {path} is missing from the OpenAPI document");
        }
        Assert.Equal("Baton control plane", doc["info"]!["title"]!.GetValue<string>());
    }
}
