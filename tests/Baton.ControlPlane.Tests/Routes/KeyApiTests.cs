using System.Net;

using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

public sealed class KeyApiTests : IAsyncLifetime
{
    private ServeServer _host = null!;

    public async Task InitializeAsync() => _host = await ServeServer.StartAsync(new ApiServerOptions());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<HttpStatusCode> ListInstancesWithAsync(string key)
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/api/instances", key);
        return response.StatusCode;
    }

    [Fact]
    public async Task NewFunctionKey_WorksAtOnceAndStopsWhenDeleted()
    {
        var created = await _host.JsonAsync(HttpMethod.Post, "/admin/host/keys/ci-pipeline", ApiServer.AdminKey, expect: 201);
        var value = created["value"]!.GetValue<string>();
        Assert.Equal("ci-pipeline", created["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await ListInstancesWithAsync(value));
        using (var forbidden = await _host.SendAsync(HttpMethod.Get, "/admin/host/keys", value))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }
        var list = await _host.JsonAsync(HttpMethod.Get, "/admin/host/keys", ApiServer.AdminKey, expect: 200);
        Assert.Equal(["ci-pipeline", "default"], list["keys"]!.AsArray().Select(k => k!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        using (var deleted = await _host.SendAsync(HttpMethod.Delete, "/admin/host/keys/ci-pipeline", ApiServer.AdminKey))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await ListInstancesWithAsync(value));
        await _host.JsonAsync(HttpMethod.Delete, "/admin/host/keys/ci-pipeline", ApiServer.AdminKey, expect: 404);
    }

    [Fact]
    public async Task PutKey_SetsTheGivenValueThenReplacesIt()
    {
        await _host.JsonAsync(HttpMethod.Put, "/admin/host/keys/partner", ApiServer.AdminKey, """{"name":"partner","value":"partner-key-0123456789"}""", expect: 201);
        Assert.Equal(HttpStatusCode.OK, await ListInstancesWithAsync("partner-key-0123456789"));
        await _host.JsonAsync(HttpMethod.Put, "/admin/host/keys/partner", ApiServer.AdminKey, """{"name":"partner","value":"partner-key-rotated-0123"}""", expect: 200);
        Assert.Equal(HttpStatusCode.Unauthorized, await ListInstancesWithAsync("partner-key-0123456789"));
        var bad = await _host.JsonAsync(HttpMethod.Put, "/admin/host/keys/partner", ApiServer.AdminKey, """{"value":"short"}""", expect: 400);
        Assert.Equal("https://baton.dev/problems/bad-argument", bad["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task KeysSetByEnvironment_AreRefusedWith409AndStillWork()
    {
        var master = await _host.JsonAsync(HttpMethod.Post, "/admin/host/keys/_master", ApiServer.AdminKey, expect: 409);
        Assert.Contains("BATON_ADMIN_KEY", master["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await _host.JsonAsync(HttpMethod.Post, "/admin/host/keys/default", ApiServer.AdminKey, expect: 409);
        Assert.Equal(HttpStatusCode.OK, await ListInstancesWithAsync(ApiServer.FunctionKey));
        await _host.JsonAsync(HttpMethod.Get, "/admin/host/keys", ApiServer.AdminKey, expect: 200);
    }
}
