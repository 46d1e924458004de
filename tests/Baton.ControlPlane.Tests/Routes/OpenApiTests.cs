using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

public abstract class OpenApiTests : ApiSuite
{
    [Fact]
    public async Task OpenApiDocument_DescribesEveryRoute()
    {
        var doc = await Server.JsonAsync(HttpMethod.Get, "/openapi/v1.json", key: null, expect: 200);
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
        }.Where(r => Server.Serves(r.Item1)))
        {
            Assert.True(paths[path]?[methods] is not null, $"{methods.ToUpperInvariant()} {path} is missing from the OpenAPI document");
        }
        // And the document describes no route this host does not serve.
        var served = Server.Routes
            .Select(r => ("/" + System.Text.RegularExpressions.Regex.Replace(r.Pattern.TrimStart('/'), @"\{\*?(\w+)[^}]*\}", "{$1}"), r.Method.ToUpperInvariant())).ToHashSet();
        foreach (var (path, item) in paths)
        {
            foreach (var (method, _) in item!.AsObject())
            {
                Assert.True(served.Contains((path, method.ToUpperInvariant())), $"{Kind}: the document describes {method.ToUpperInvariant()} {path}, which this host does not serve");
            }
        }
        Assert.Equal("Baton control plane", doc["info"]!["title"]!.GetValue<string>());
    }

    /// <summary>The suite on <c>baton serve</c> (the embedded hub).</summary>
    public sealed class OnServe : OpenApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    /// <summary>The suite on the function app (the Durable backend).</summary>
    public sealed class OnFunctionApp : OpenApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
