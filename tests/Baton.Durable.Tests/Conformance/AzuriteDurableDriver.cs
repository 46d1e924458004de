using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Durable.Local;
using Baton.Runtime.Hub;
using Baton.Runtime.Runners;
using Baton.Testing;
using Microsoft.Extensions.Logging;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The generic orchestrator on the Durable backend end to end: a sidecar over the Azure Storage provider on
/// Azurite, and the real Durable Task gRPC worker and client.</summary>
internal sealed class AzuriteDurableDriver(LocalDurableBackend backend) : IBackendDriver
{
    public static async Task<IBackendDriver> StartAsync(FunctionRegistry functions, Func<string, string?> appSetting)
    {
        var options = new DurableSidecarOptions(await Azurite.ConnectionStringAsync(), UniqueHub("conf"), "conformance")
        {
            PartitionCount = 2,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200),
        };
        return new AzuriteDurableDriver(await LocalDurableBackend.StartAsync(options, functions, appSetting,
            LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)), null, default));
    }

    /// <summary>A fresh task hub name, so test classes never see each other's instances.</summary>
    public static string UniqueHub(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    private DurableWorkflowClient Client => backend.Workflows;

    public Task<string> StartAsync(StartRequest request) => Client.StartAsync(request, default);

    public async Task<Outcome> WaitAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(Backends.Patience);
        var i = await Client.WaitForCompletionAsync(instanceId, cts.Token);
        return new Outcome(i.Status, i.Output, i.Error?.Code, i.Steps);
    }

    public async Task<InstanceStatus> StatusAsync(string instanceId) => (await Client.GetAsync(instanceId, default))?.Status ?? InstanceStatus.Pending;

    public Task RaiseEventAsync(string instanceId, string name, JsonNode? data) => Client.RaiseEventAsync(instanceId, name, data, default);

    public Task ReportAsync(string instanceId, TaskReport report) => Client.ReportAsync(instanceId, report, default);

    public Task TerminateAsync(string instanceId) => Client.Client.TerminateInstanceAsync(instanceId, "conformance");

    public Task SuspendAsync(string instanceId) => Client.Client.SuspendInstanceAsync(instanceId, "conformance");

    public Task ResumeAsync(string instanceId) => Client.Client.ResumeInstanceAsync(instanceId, "conformance");

    public ValueTask DisposeAsync() => backend.DisposeAsync();
}
