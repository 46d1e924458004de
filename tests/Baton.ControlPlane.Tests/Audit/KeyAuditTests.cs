using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Audit;

/// <summary>Key management is audited on <c>baton serve</c> (the function app's host serves its own key routes): the key's name is
/// recorded, never its value.</summary>
public sealed class KeyAuditTests : ApiSuite
{
    protected override ApiHostKind Kind => ApiHostKind.Serve;

    [Fact]
    public async Task SetKey_IsRecordedByNameWithoutItsValue()
    {
        const string secret = "a-new-function-key-value-0123456789";
        await Server.JsonAsync(HttpMethod.Put, "/admin/host/keys/ci", ApiServer.AdminKey, $$"""{ "name": "ci", "value": "{{secret}}" }""", expect: 201);

        var entries = (await Server.JsonAsync(HttpMethod.Get, "/api/audit?action=SetKey", ApiServer.AdminKey, expect: 200))["entries"]!.AsArray();

        var entry = Assert.Single(entries)!;
        Assert.Equal(("ci", "_master"), (entry["detail"]!["key"]!.GetValue<string>(), entry["actor"]!.GetValue<string>()));
        Assert.DoesNotContain(secret, entry.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(entry["workflow"]);
    }
}
