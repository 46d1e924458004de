using System.Text.Json.Nodes;
using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Audit;

/// <summary>The audit log on both hosts: every control action (upload, start, raise event, terminate, refused ones too) is
/// recorded with who (a key's name, or on the function app its fingerprint, never the key), from where, when and what; it is
/// queryable by instance, actor and action; its chain verifies; and only the admin key reads it.</summary>
public abstract class AuditApiTests : ApiSuite
{
    protected override Task SetUpAsync() =>
        Server.UploadAsync(ApiServer.Workflow("approval", "  steps:\n    - { id: wait, type: event, event: approved }\n    - { id: done, task: echo, depends_on: [wait] }\n"));

    private async Task<JsonArray> EntriesAsync(string query) =>
        (await Server.JsonAsync(HttpMethod.Get, "/api/audit?" + query, ApiServer.AdminKey, expect: 200))["entries"]!.AsArray();

    [Fact]
    public async Task ControlActions_OnAnInstance_AreRecordedWithActorAndOutcome()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/approval/instances?instanceId=au-1", expect: 202);
        await Server.SendAsync(HttpMethod.Post, "/api/instances/au-1/events/approved", body: """{"by":"ann"}""");
        await Server.WaitForAsync("au-1", "Completed");
        using var refused = await Server.SendAsync(HttpMethod.Post, "/api/instances/au-1/terminate?reason=too+late");

        var entries = await EntriesAsync("instanceId=au-1");

        Assert.Equal(["StartInstance", "RaiseEvent", "TerminateInstance"], entries.Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal([202, 202, 409], entries.Select(e => e!["outcome"]!.GetValue<int>()));
        Assert.Equal("approved", entries[1]!["detail"]!["event"]!.GetValue<string>());
        Assert.Equal("too late", entries[2]!["detail"]!["reason"]!.GetValue<string>());
        var actor = entries[0]!["actor"]!.GetValue<string>();
        Assert.Equal(Kind == ApiHostKind.FunctionApp ? "sha256:" : "default", Kind == ApiHostKind.FunctionApp ? actor[..7] : actor);
        Assert.All(entries, e => Assert.DoesNotContain(ApiServer.FunctionKey, e!.ToJsonString(), StringComparison.Ordinal));
        Assert.All(entries, e => Assert.Equal("key", e!["actorKind"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty((string?)e!["from"])));
        var history = await Server.JsonAsync(HttpMethod.Get, "/api/instances/au-1/history", expect: 200);
        Assert.Equal(["StartInstance", "RaiseEvent", "TerminateInstance"], history["actions"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Upload_ByTheAdminKey_IsRecordedAgainstTheAdminKeyAndTheChainVerifies()
    {
        await Server.UploadAsync(ApiServer.Workflow("other", "  steps:\n    - { id: a, task: echo }\n"));

        var uploads = await EntriesAsync("action=UploadWorkflow");
        var verified = await Server.JsonAsync(HttpMethod.Get, "/api/audit/verify", ApiServer.AdminKey, expect: 200);

        Assert.Equal(2, uploads.Count);
        Assert.Equal(("approval", "other"), (uploads[0]!["workflow"]!.GetValue<string>(), uploads[1]!["workflow"]!.GetValue<string>()));
        var admin = uploads[1]!["actor"]!.GetValue<string>();
        Assert.True(Kind == ApiHostKind.FunctionApp ? admin.StartsWith("sha256:", StringComparison.Ordinal) : admin == "_master", admin);
        Assert.NotEqual(uploads[0]!["hash"]!.GetValue<string>(), uploads[1]!["hash"]!.GetValue<string>());
        Assert.True(verified["verified"]!.GetValue<bool>());
        Assert.Equal(uploads[1]!["hash"]!.GetValue<string>(), verified["head"]!.GetValue<string>());
    }

    [Fact]
    public async Task Audit_FunctionKey_IsRefused()
    {
        using var refused = await Server.SendAsync(HttpMethod.Get, "/api/audit");
        Assert.Equal(Server.WrongLevelStatus, (int)refused.StatusCode);
    }

    public sealed class OnServe : AuditApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    public sealed class OnFunctionApp : AuditApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
