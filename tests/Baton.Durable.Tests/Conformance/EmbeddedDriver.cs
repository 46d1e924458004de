using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Hub;
using Baton.Runtime.Runners;
using Baton.Storage.Sqlite;
using Baton.Testing;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The embedded hub on a real SQLite file.</summary>
internal sealed class EmbeddedDriver(TaskHub hub, TempDirectory dir) : IBackendDriver
{
    public static async Task<IBackendDriver> StartAsync(FunctionRegistry functions, Func<string, string?> appSetting)
    {
        var dir = new TempDirectory();
        var hub = new TaskHub(new SqliteTaskHubStore(new SqliteStoreOptions(dir.File("hub.db"))), new TaskHubOptions(),
            TaskExecutor.Standard(functions, appSetting), TimeProvider.System);
        await hub.StartAsync(default);
        return new EmbeddedDriver(hub, dir);
    }

    public Task<string> StartAsync(StartRequest request) => hub.StartInstanceAsync(request, default);

    public async Task RegisterAsync(Runtime.Store.StoredDefinition workflow)
    {
        await hub.Store.SaveDefinitionAsync(workflow, default);
        await hub.Store.RegisterAsync("workflow", workflow.Name, workflow.Version, workflow.Hash, DateTimeOffset.UtcNow, default);
    }

    public async Task<Outcome> WaitAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(Backends.Patience);
        var s = await hub.WaitForCompletionAsync(instanceId, cts.Token);
        return new Outcome(s.Status, s.Output, s.Error?.Code,
            s.Steps.ToDictionary(p => p.Key, p => (p.Value.Status.ToWireName(), p.Value.Attempt), StringComparer.Ordinal));
    }

    public async Task<InstanceStatus?> StatusAsync(string instanceId) => (await hub.GetStateAsync(instanceId, default))?.Status;

    public Task RaiseEventAsync(string instanceId, string name, JsonNode? data) => hub.RaiseEventAsync(instanceId, name, data, default);

    public Task<bool> ReportAsync(string instanceId, TaskReport report) => hub.ReportAsync(instanceId, report, default);

    public Task TerminateAsync(string instanceId) => hub.TerminateAsync(instanceId, "conformance", default);

    public Task SuspendAsync(string instanceId) => hub.SuspendAsync(instanceId, "conformance", default);

    public Task<bool> RewindAsync(string instanceId) => hub.RewindAsync(instanceId, "conformance", default);

    public Task ResumeAsync(string instanceId) => hub.ResumeAsync(instanceId, "conformance", default);

    public async ValueTask DisposeAsync()
    {
        await hub.DisposeAsync();
        dir.Dispose();
    }
}
