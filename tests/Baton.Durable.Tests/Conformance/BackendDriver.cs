using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Abstractions;

namespace Baton.Durable.Tests.Conformance;

/// <summary>Every backend under the suite, driven through the one contract the control plane uses (<see cref="IWorkflowBackend"/>).</summary>
internal sealed class BackendDriver(IWorkflowBackend backend, Func<ValueTask>? cleanUp = null) : IBackendDriver
{
    public IWorkflowBackend Backend => backend;

    public Task<string> StartAsync(StartRequest request) => backend.StartInstanceAsync(request, default);

    public Task RegisterAsync(Baton.Abstractions.StoredDefinition workflow) => backend.Registry.RegisterAsync(workflow, default);

    public async Task<Outcome> WaitAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(Backends.Patience);
        var s = await backend.WaitForCompletionAsync(instanceId, cts.Token);
        return new Outcome(s.Status, await backend.ReadValueAsync(instanceId, s.Output, default), s.Error?.Code,
            s.Steps.ToDictionary(p => p.Key, p => (p.Value.Status.ToWireName(), p.Value.Attempt), StringComparer.Ordinal));
    }

    public async Task<InstanceStatus?> StatusAsync(string instanceId) => (await backend.GetStateAsync(instanceId, default))?.Status;

    public Task RaiseEventAsync(string instanceId, string name, JsonNode? data) => backend.RaiseEventAsync(instanceId, name, data, default);

    public Task<bool> ReportAsync(string instanceId, TaskReport report) => backend.ReportAsync(instanceId, report, default);

    public Task TerminateAsync(string instanceId) => backend.TerminateAsync(instanceId, "conformance", default);

    public Task SuspendAsync(string instanceId) => backend.SuspendAsync(instanceId, "conformance", default);

    public Task ResumeAsync(string instanceId) => backend.ResumeAsync(instanceId, "conformance", default);

    public Task<bool> RewindAsync(string instanceId) => backend.RewindAsync(instanceId, "conformance", default);

    public async ValueTask DisposeAsync()
    {
        await backend.DisposeAsync();
        if (cleanUp is not null)
        {
            await cleanUp();
        }
    }
}
