using System.Net;
using System.Text.Json.Nodes;

using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary>What services send that must change nothing: a duplicate report, a bad batch, no key, a report for a step that
/// is not an event task's, another task's type or another attempt's token.</summary>
public abstract class ReportRefusalTests : EventServiceSuite
{
    [Fact]
    public async Task Webhook_DuplicateFinished_IsAcknowledgedAndChangesNothing()
    {
        var token = Token(await StartSilentAsync("ev-dup"));
        var first = await Server.JsonAsync(HttpMethod.Post, Webhook, body: Finished("f1", "ev-dup/check/1", token), expect: 200);
        Assert.Equal(1, first["applied"]!.GetValue<int>());
        await WaitForStatusAsync("ev-dup", "Completed");
        var before = await FootprintAsync("ev-dup");

        var again = await Server.JsonAsync(HttpMethod.Post, Webhook, body: Finished("f1", "ev-dup/check/1", token, """{"valid":false}"""), expect: 200);
        Assert.Equal(0, again["applied"]!.GetValue<int>());
        Assert.Contains("duplicate or late", again["ignored"]![0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var after = await Server.JsonAsync(HttpMethod.Get, "/api/instances/ev-dup");
        Assert.Equal("""{"valid":true}""", after["output"]!.ToJsonString());
        Assert.Equal(before, await FootprintAsync("ev-dup"));
    }

    [Fact]
    public async Task Webhook_BatchWithOneBadEvent_IsRefusedWholeWithReasons()
    {
        var token = Token(await StartSilentAsync("ev-bad"));
        var batch = $"[{Finished("b1", "ev-bad/check/1", token)}, {{\"specversion\":\"1.0\",\"id\":\"b2\",\"type\":\"checknumber.finished\"}}]";
        using var response = await Server.SendAsync(HttpMethod.Post, Webhook, body: batch, contentType: "application/cloudevents-batch+json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("'source'", problem["errors"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Running", (await Server.JsonAsync(HttpMethod.Get, "/api/instances/ev-bad"))["runtimeStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Webhook_WithoutKey_IsRefusedAndChangesNothing()
    {
        var token = Token(await StartSilentAsync("ev-nokey"));
        var before = await FootprintAsync("ev-nokey");
        using var none = await Server.SendAsync(HttpMethod.Post, Webhook, key: null, body: Finished("n1", "ev-nokey/check/1", token));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using var wrong = await Server.SendAsync(HttpMethod.Post, Webhook, key: "guess", body: Finished("n1", "ev-nokey/check/1", token));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var status = await Server.JsonAsync(HttpMethod.Get, "/api/instances/ev-nokey");
        Assert.Equal("Running", status["runtimeStatus"]!.GetValue<string>());
        Assert.Equal(before, await FootprintAsync("ev-nokey"));
    }

    [Fact]
    public async Task Webhook_FinishedForAProcessOrFunctionStep_IsRefusedAndTheStepKeepsRunning()
    {
        await Server.UploadAsync(ApiServer.Workflow("slow", """
              steps:
                - { id: nap, task: sleep, input: { duration: 1m } }
            """));
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/slow/instances?instanceId=ev-forged", body: "{}", expect: 202);
        await WaitForStepAsync("ev-forged", "running");
        var before = await FootprintAsync("ev-forged");
        foreach (var (type, token) in new[] { ("anything.finished", null), ("sleep.finished", "forged-token"), ("checknumber.finished", "x") })
        {
            using var response = await Server.SendAsync(HttpMethod.Post, Webhook,
                body: Finished("forged-" + type, "ev-forged/nap/1", token, """{"stolen":true}""", type));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
        var status = await Server.JsonAsync(HttpMethod.Get, "/api/instances/ev-forged");
        Assert.Equal(("Running", "running"), (status["runtimeStatus"]!.GetValue<string>(), status["steps"]![0]!["status"]!.GetValue<string>()));
        Assert.Equal(before, await FootprintAsync("ev-forged"));
        await Server.JsonAsync(HttpMethod.Post, "/api/instances/ev-forged/terminate", body: "{}", expect: 202);
    }

    [Fact]
    public async Task Webhook_ReportWithAnotherTypeOrAttemptsToken_IsRefusedAndChangesNothing()
    {
        var token = Token(await StartSilentAsync("ev-wrongtype"));
        var other = Token(await StartSilentAsync("ev-other"));
        var before = await FootprintAsync("ev-wrongtype");
        foreach (var (subject, t, type) in new[]
        {
            ("ev-wrongtype/check/1", token, "other.finished"),       // the right token, but another task's event type
            ("ev-wrongtype/check/1", other, "checknumber.finished"), // another attempt's token
            ("ev-wrongtype/check/1", (string?)null, "checknumber.finished"),
        })
        {
            using var response = await Server.SendAsync(HttpMethod.Post, Webhook, body: Finished("w-" + type, subject, t, type: type));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.Equal("Running", (await Server.JsonAsync(HttpMethod.Get, "/api/instances/ev-wrongtype"))["runtimeStatus"]!.GetValue<string>());
        Assert.Equal(before, await FootprintAsync("ev-wrongtype"));
    }

    /// <summary>The suite on <c>baton serve</c> (the embedded hub).</summary>
    public sealed class OnServe : ReportRefusalTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }
    /// <summary>The suite on the function app (the Durable backend).</summary>
    public sealed class OnFunctionApp : ReportRefusalTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
