namespace Baton.Host.Tests.Endpoints;

public sealed class MetricsTests : IAsyncLifetime
{
    private HostFixture _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HostFixture.StartAsync();
        await _host.UploadAsync(HostFixture.Workflow("measured", "  steps:\n    - { id: a, task: echo, input: { v: 1 } }\n"));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Metrics_AfterARun_ExposeRuntimeCountersForPrometheus()
    {
        await _host.JsonAsync(HttpMethod.Post, "/api/workflows/measured/instances?wait=20", expect: 200);
        string text = "";
        for (var i = 0; i < 50 && !text.Contains("baton_step_duration", StringComparison.Ordinal); i++)
        {
            using var response = await _host.SendAsync(HttpMethod.Get, "/metrics", key: null);
            text = await response.Content.ReadAsStringAsync();
            await Task.Delay(100);
        }
        Assert.Contains("baton_instances_started", text, StringComparison.Ordinal);
        Assert.Contains("baton_instances_finished", text, StringComparison.Ordinal);
        Assert.Contains("baton_step_duration", text, StringComparison.Ordinal);
        Assert.Contains("baton_tasks_in_flight", text, StringComparison.Ordinal);
        Assert.Contains("baton_events_committed", text, StringComparison.Ordinal);
    }
}
