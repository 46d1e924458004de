using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Baton.Abstractions;

namespace Baton.Runtime.Tests.Runners;

public sealed class EventRunnerTests : IAsyncLifetime
{
    private const string TopicKey = "topic-key-for-tests";
    private readonly EventRunner _runner = new(name => name switch { "TOPIC_KEY" => TopicKey, SettingNames.SecretsAllowSetting => "TOPIC_KEY", _ => null });
    private readonly List<(string Key, string ContentType, JsonNode Body)> _received = [];
    private LoopbackServer? _server;

    private LoopbackServer Server => _server!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(app =>
    {
        app.MapPost("/api/events", async (HttpRequest req) =>
        {
            var body = JsonNode.Parse(await LoopbackServer.BodyAsync(req))!;
            lock (_received)
            {
                _received.Add((req.Headers["aeg-sas-key"].ToString(), req.ContentType ?? "", body));
            }
            return Results.Ok();
        });
        app.MapPost("/forbidden", () => Results.StatusCode(403));
        app.MapPost("/busy", () => Results.StatusCode(503));
    });

    public async Task DisposeAsync()
    {
        _runner.Dispose();
        await Server.DisposeAsync();
    }

    private EventBinding Binding(string path = "api/events", bool allowPrivate = true, string? data = null, string prefix = "") =>
        new("checknumber", Template.Parse(Server.Url(path)), prefix + "checknumber", "TOPIC_KEY", "/baton/tests",
            data is null ? null : TemplateTree.Parse(JsonNode.Parse(data)), TimeSpan.FromMinutes(3), allowPrivate, null);

    private static readonly ReplyTokens Tokens = new(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    private static TaskContext Context() => new("inst-1", "check", 2, "inst-1/check/2", "checknumber", new JsonObject { ["phone"] = "+4712345678" })
    {
        ReplyTokens = Tokens,
    };

    [Fact]
    public async Task RunAsync_Publishes_TriggeredCloudEventWithKeyIdsAndTraceParent()
    {
        using var source = new ActivitySource("EventRunnerTests");
        using var listener = new ActivityListener { ShouldListenTo = s => s.Name == source.Name, Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded };
        ActivitySource.AddActivityListener(listener);
        using var span = source.StartActivity("step check")!;

        var handed = Assert.IsType<TaskResult.Handed>(await _runner.RunAsync(Binding(prefix: "sh.keptn.event."), Context(), default));

        Assert.Equal(TimeSpan.FromMinutes(3), handed.RedeliverAfter);
        var (key, contentType, body) = Assert.Single(_received);
        Assert.Equal(TopicKey, key);
        Assert.StartsWith("application/cloudevents-batch+json", contentType, StringComparison.Ordinal);
        var e = Assert.IsType<JsonObject>(Assert.Single(body.AsArray()));
        Assert.Equal("1.0", e["specversion"]!.GetValue<string>());
        Assert.Equal("sh.keptn.event.checknumber.triggered", e["type"]!.GetValue<string>());
        Assert.Equal("/baton/tests", e["source"]!.GetValue<string>());
        Assert.Equal("inst-1/check/2", e["id"]!.GetValue<string>());
        Assert.Equal("inst-1/check/2", e["subject"]!.GetValue<string>());
        Assert.Equal(("inst-1", "check", 2), (e["batoninstanceid"]!.GetValue<string>(), e["batonstepid"]!.GetValue<string>(), e["batonattempt"]!.GetValue<int>()));
        Assert.Equal(span.Id, e["traceparent"]!.GetValue<string>());
        Assert.Equal("+4712345678", e["data"]!["phone"]!.GetValue<string>());
        Assert.True(Tokens.Verify("inst-1/check/2", "sh.keptn.event.checknumber", e["batontoken"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RunAsync_NoReplyChannel_FailsWithoutPublishing()
    {
        var f = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding(), Context() with { ReplyTokens = null }, default));
        Assert.Equal(("NoReplyChannel", false), (f.Error.Code, f.Retryable));
        Assert.Empty(_received);
    }

    [Fact]
    public async Task RunAsync_DataTemplate_SendsEvaluatedData()
    {
        Assert.IsType<TaskResult.Handed>(await _runner.RunAsync(Binding(data: """{"number": "${input.phone}", "try": "${task.attempt}"}"""), Context(), default));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"number":"+4712345678","try":2}"""), Assert.Single(_received).Body[0]!["data"]));
    }

    [Fact]
    public async Task RunAsync_Protobuf_SendsTheTaskRequestAsBinaryData()
    {
        var b = Binding(data: """{"number": "${input.phone}"}""") with { Format = new TaskFormat("protobuf", "acme.Phone") };
        Assert.IsType<TaskResult.Handed>(await _runner.RunAsync(b, Context(), default));
        var e = Assert.Single(_received).Body[0]!;
        Assert.Equal(("application/protobuf", false), (e["datacontenttype"]!.GetValue<string>(), e.AsObject().ContainsKey("data")));
        var request = Baton.Runtime.Envelope.V1.TaskRequest.Parser.ParseFrom(Convert.FromBase64String(e["data_base64"]!.GetValue<string>()));
        Assert.Equal(("inst-1/check/2", "+4712345678", "acme.Phone"), (request.IdempotencyKey, JsonNode.Parse(request.Json)!["number"]!.GetValue<string>(), request.InputType));
    }

    [Fact]
    public async Task RunAsync_Acknowledged_DoesNotPublishAgain()
    {
        var handed = Assert.IsType<TaskResult.Handed>(await _runner.RunAsync(Binding(), Context() with { Acknowledged = true }, default));
        Assert.Equal(Timeout.InfiniteTimeSpan, handed.RedeliverAfter);
        Assert.Empty(_received);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage", "TOPIC_KEY,AzureWebJobsStorage")]
    [InlineData("BATON_ADMIN_KEY", "*,BATON_*")]
    [InlineData("TOPIC_KEY", null)]
    [InlineData("TOPIC_KEY", "OTHER_KEY,TOPIC")]
    public async Task RunAsync_KeySettingNotAllowed_FailsWithoutRetryAndSendsNothing(string setting, string? allowed)
    {
        var secrets = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "AccountKey=secret", ["BATON_ADMIN_KEY"] = "admin", ["TOPIC_KEY"] = TopicKey };
        using var runner = new EventRunner(name => name == SettingNames.SecretsAllowSetting ? allowed : secrets.GetValueOrDefault(name));

        var f = Assert.IsType<TaskResult.Failure>(await runner.RunAsync(Binding() with { KeySetting = setting }, Context(), default));

        Assert.Equal(("SettingNotAllowed", false), (f.Error.Code, f.Retryable));
        Assert.Contains(SettingNames.SecretsAllowSetting, f.Error.Message, StringComparison.Ordinal);
        Assert.Empty(_received);
    }

    [Fact]
    public async Task RunAsync_KeySettingMissing_FailsWithoutRetryAndSendsNothing()
    {
        using var runner = new EventRunner(name => name == SettingNames.SecretsAllowSetting ? "TOPIC_*" : null);
        var f = Assert.IsType<TaskResult.Failure>(await runner.RunAsync(Binding(), Context(), default));
        Assert.Equal("MissingSetting", f.Error.Code);
        Assert.Contains("TOPIC_KEY", f.Error.Message, StringComparison.Ordinal);
        Assert.False(f.Retryable);
        Assert.Empty(_received);
    }

    [Fact]
    public async Task RunAsync_LoopbackWithoutPermission_IsRefused()
    {
        var f = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding(allowPrivate: false), Context(), default));
        Assert.Equal("AddressRefused", f.Error.Code);
        Assert.False(f.Retryable);
        Assert.Empty(_received);
    }

    [Theory]
    [InlineData("forbidden", false)]
    [InlineData("busy", true)]
    public async Task RunAsync_TopicRefuses_FailsRetryableOnlyWhenTransient(string path, bool retryable)
    {
        var f = Assert.IsType<TaskResult.Failure>(await _runner.RunAsync(Binding(path), Context(), default));
        Assert.Equal("EventPublishFailed", f.Error.Code);
        Assert.Equal(retryable, f.Retryable);
    }
}
