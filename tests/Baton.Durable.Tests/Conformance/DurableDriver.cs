using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Hub;

namespace Baton.Durable.Tests.Conformance;

/// <summary>What every Durable backend under the suite does alike, through <see cref="DurableWorkflowClient"/>.</summary>
internal abstract class DurableDriver(DurableWorkflowClient client) : IBackendDriver
{
    protected DurableWorkflowClient Client => client;

    public Task<string> StartAsync(StartRequest request) => client.StartAsync(request, default);

    public abstract Task RegisterAsync(Runtime.Store.StoredDefinition workflow);

    public virtual bool RunsWorkflowSteps => true;

    public async Task<Outcome> WaitAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(Backends.Patience);
        var i = await client.WaitForCompletionAsync(instanceId, cts.Token);
        return new Outcome(i.Status, i.Output, i.Error?.Code, i.Steps);
    }

    public async Task<InstanceStatus?> StatusAsync(string instanceId) => (await client.GetAsync(instanceId, default))?.Status;

    public Task RaiseEventAsync(string instanceId, string name, JsonNode? data) => client.RaiseEventAsync(instanceId, name, data, default);

    public Task<bool> ReportAsync(string instanceId, TaskReport report) => client.ReportAsync(instanceId, report, default);

    public Task TerminateAsync(string instanceId) => client.Client.TerminateInstanceAsync(instanceId, "conformance");

    public Task SuspendAsync(string instanceId) => client.Client.SuspendInstanceAsync(instanceId, "conformance");

    public Task ResumeAsync(string instanceId) => client.Client.ResumeInstanceAsync(instanceId, "conformance");

    public Task<bool> RewindAsync(string instanceId) => client.RewindAsync(instanceId, "conformance", default);

    public abstract ValueTask DisposeAsync();
}
