using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

public abstract class MetricsTests : ApiSuite
{
    protected override async Task SetUpAsync()
    {
        await Server.UploadAsync(ApiServer.Workflow("measured", "  steps:\n    - { id: a, task: echo, input: { v: 1 } }\n"));
    }

    [Fact]
    public async Task Metrics_AfterARun_ExposeRuntimeCountersForPrometheus()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/measured/instances?wait=20", expect: 200);
        string text = "";
        for (var i = 0; i < 50 && !text.Contains("baton_step_duration_seconds_bucket", StringComparison.Ordinal); i++)
        {
            using var response = await Server.SendAsync(HttpMethod.Get, "/metrics", key: null);
            text = await response.Content.ReadAsStringAsync();
            await Task.Delay(100);
        }
        Assert.Contains("baton_instances_started", text, StringComparison.Ordinal);
        Assert.Contains("baton_instances_finished", text, StringComparison.Ordinal);
        // Durations in seconds, as Prometheus and OpenTelemetry's conventions want them, in buckets made for seconds.
        Assert.Contains("baton_step_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("le=\"0.005\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("milliseconds", text, StringComparison.Ordinal);
        Assert.Contains("baton_tasks_in_flight", text, StringComparison.Ordinal);
        Assert.Contains("baton_events_committed", text, StringComparison.Ordinal);
    }

    /// <summary>The suite on <c>baton serve</c> (the embedded hub).</summary>
    public sealed class OnServe : MetricsTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    /// <summary>The suite on the function app (the Durable backend).</summary>
    public sealed class OnFunctionApp : MetricsTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
