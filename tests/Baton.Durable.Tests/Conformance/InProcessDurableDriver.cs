using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Events;
using Baton.Runtime.Hub;
using Baton.Runtime.Runners;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The generic orchestrator and task activity on the Durable Task SDK's in-process sidecar (a real gRPC sidecar over an in-memory backend).</summary>
internal sealed class InProcessDurableDriver(DurableTaskTestHost host, DurableWorkflowClient client) : IBackendDriver
{
    public static async Task<IBackendDriver> StartAsync(FunctionRegistry functions, Func<string, string?> appSetting, OrchestratorOptions? options = null)
    {
        var definitions = new InMemoryDefinitionStore();
        var plans = new PlanCache(definitions.GetAsync);
        var activity = new TaskActivity(TaskExecutor.Standard(functions, appSetting), plans, new ReplyTokens(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var host = await DurableTaskTestHost.StartAsync(r => r.AddBaton(() => activity, options),
            new DurableTaskTestHostOptions { LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)) });
        return new InProcessDurableDriver(host, new DurableWorkflowClient(host.Client, definitions, plans, functions.Names));
    }

    public DurableWorkflowClient Client => client;

    public Task<string> StartAsync(StartRequest request) => client.StartAsync(request, default);

    public async Task<Outcome> WaitAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(Backends.Patience);
        var i = await client.WaitForCompletionAsync(instanceId, cts.Token);
        return new Outcome(i.Status, i.Output, i.Error?.Code, i.Steps);
    }

    public async Task<InstanceStatus> StatusAsync(string instanceId) => (await client.GetAsync(instanceId, default))!.Status;

    public Task RaiseEventAsync(string instanceId, string name, JsonNode? data) => client.RaiseEventAsync(instanceId, name, data, default);

    public Task ReportAsync(string instanceId, TaskReport report) => client.ReportAsync(instanceId, report, default);

    public Task TerminateAsync(string instanceId) => client.Client.TerminateInstanceAsync(instanceId, "conformance");

    public Task SuspendAsync(string instanceId) => client.Client.SuspendInstanceAsync(instanceId, "conformance");

    public Task ResumeAsync(string instanceId) => client.Client.ResumeInstanceAsync(instanceId, "conformance");

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
