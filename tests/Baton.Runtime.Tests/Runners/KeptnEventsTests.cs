using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Baton.Abstractions;

namespace Baton.Runtime.Tests.Runners;

/// <summary>The built-in keptn-event through the executor, which hands it the host's app settings.</summary>
public sealed class KeptnEventsTests
{
    private static readonly TaskCatalog Empty = new(ImmutableDictionary<string, TaskBinding>.Empty, ".");

    private static Task<TaskResult> RunAsync(Func<string, string?> settings, JsonNode? input, int attempt = 1)
    {
        var functions = FunctionRegistry.WithBuiltIns(TimeProvider.System);
        var executor = new TaskExecutor(functions, [new FunctionRunner(functions)], TimeProvider.System, settings);
        return executor.RunAsync(Empty, new TaskContext("i-1", "sequence-finished", attempt, $"i-1/sequence-finished/{attempt}", "keptn-event", input), null, default);
    }

    private static JsonObject Finished() => new()
    {
        ["type"] = "sh.keptn.event.dev.delivery.finished",
        ["data"] = new JsonObject { ["project"] = "shop", ["stage"] = "dev", ["service"] = "carts", ["triggeredid"] = "t-9" },
        ["result"] = "pass",
        ["status"] = "succeeded",
    };

    [Fact]
    public async Task Run_NoEndpointSetting_PublishesNothingAndSaysWhy()
    {
        var ok = Assert.IsType<TaskResult.Success>(await RunAsync(_ => null, Finished()));

        Assert.False(ok.Output!["published"]!.GetValue<bool>());
        Assert.Contains("BATON_KEPTN_EVENTS_ENDPOINT", (string)ok.Output["reason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TwoAttempts_SendTheSameEventIdWithResultAndKeptnContext()
    {
        var received = new List<JsonObject>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/e", async (HttpContext http) =>
        {
            received.AddRange((await JsonNode.ParseAsync(http.Request.Body))!.AsArray().Select(e => e!.AsObject()));
            return Results.Ok();
        }));
        Func<string, string?> settings = n => n switch { "BATON_KEPTN_EVENTS_ENDPOINT" => server.Url("e"), "BATON_KEPTN_EVENTS_KEY" => "k", _ => null };

        Assert.IsType<TaskResult.Success>(await RunAsync(settings, Finished(), attempt: 1));
        Assert.IsType<TaskResult.Success>(await RunAsync(settings, Finished(), attempt: 2));

        Assert.Equal(2, received.Count);
        Assert.Equal("i-1/sequence-finished", (string)received[0]["id"]!);
        Assert.Equal((string)received[0]["id"]!, (string)received[1]["id"]!);
        Assert.Equal(("pass", "succeeded", "shop"), ((string)received[0]["data"]!["result"]!, (string)received[0]["data"]!["status"]!, (string)received[0]["data"]!["project"]!));
        Assert.Equal(("i-1", "t-9"), ((string)received[0]["shkeptncontext"]!, (string)received[0]["triggeredid"]!));
    }

    [Fact]
    public async Task Run_EndpointRefuses_FailsForGood()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/e", () => Results.StatusCode(403)));

        var f = Assert.IsType<TaskResult.Failure>(await RunAsync(n => n == "BATON_KEPTN_EVENTS_ENDPOINT" ? server.Url("e") : n == "BATON_KEPTN_EVENTS_KEY" ? "k" : null, Finished()));

        Assert.False(f.Retryable);
        Assert.Contains("403", f.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EndpointDown_FailsRetryable()
    {
        var f = Assert.IsType<TaskResult.Failure>(await RunAsync(n => n == "BATON_KEPTN_EVENTS_ENDPOINT" ? $"http://127.0.0.1:{Ports.Free()}/e" : n == "BATON_KEPTN_EVENTS_KEY" ? "k" : null, Finished()));

        Assert.True(f.Retryable);
    }

    [Fact]
    public async Task Run_PlainHttpEndpointWithoutKey_FailsForGoodSayingIdentityNeedsHttps()
    {
        var f = Assert.IsType<TaskResult.Failure>(await RunAsync(n => n == "BATON_KEPTN_EVENTS_ENDPOINT" ? "http://127.0.0.1:1/e" : null, Finished()));

        Assert.False(f.Retryable);
        Assert.Contains("needs https", f.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoType_FailsForGood()
    {
        var f = Assert.IsType<TaskResult.Failure>(await RunAsync(_ => null, new JsonObject { ["data"] = new JsonObject() }));

        Assert.False(f.Retryable);
        Assert.Contains("'type'", f.Error.Message, StringComparison.Ordinal);
    }
}
