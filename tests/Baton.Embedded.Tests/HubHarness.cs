using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Runners;
using Baton.Embedded.Store;
using Baton.Storage.Sqlite;
using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Embedded.Tests;

/// <summary>A task hub on a real SQLite file in a temp directory, with test functions.</summary>
internal sealed class HubHarness : IAsyncDisposable
{
    private HubHarness(EmbeddedBackend hub, string dbPath)
    {
        Hub = hub;
        DbPath = dbPath;
    }

    public EmbeddedBackend Hub { get; }

    public string DbPath { get; }

    public List<HubChange> Changes { get; } = [];

    public static async Task<HubHarness> StartAsync(TempDirectory dir, FunctionRegistry functions, TimeProvider? time = null, EmbeddedBackendOptions? options = null,
        IEnumerable<ITaskRunner>? runners = null, Func<ITaskHubStore, ITaskHubStore>? wrapStore = null)
    {
        var db = dir.File("hub.db");
        ITaskHubStore store = new SqliteTaskHubStore(new SqliteStoreOptions(db));
        var hub = new EmbeddedBackend(wrapStore?.Invoke(store) ?? store, options ?? new EmbeddedBackendOptions(),
            new TaskExecutor(functions, [new FunctionRunner(functions), .. runners ?? []], time ?? TimeProvider.System), time ?? TimeProvider.System, IdSource.Random);
        var harness = new HubHarness(hub, db);
        hub.Changed += c =>
        {
            lock (harness.Changes)
            {
                harness.Changes.Add(c);
            }
        };
        await hub.StartAsync(default);
        return harness;
    }

    /// <summary>Functions with <c>add</c>: <c>{ n }</c> in, <c>{ n: n + 1 }</c> out.</summary>
    public static FunctionRegistry Adder() =>
        FunctionRegistry.WithBuiltIns(TimeProvider.System).Register("add", ctx => new JsonObject { ["n"] = ctx.Input!["n"]!.GetValue<long>() + 1 });

    public static StoredDefinition Definition(string spec, string name = "wf") => TestDefinitions.Workflow(name, spec);

    public static StoredDefinition Catalog(string tasks) => TestDefinitions.Catalog(tasks);

    public Task<string> StartAsync(StoredDefinition definition, JsonNode? input = null, string? id = null, StoredDefinition? catalog = null) =>
        Hub.StartInstanceAsync(new StartRequest(definition, catalog, input, id), default);

    public async Task<InstanceState> RunAsync(StoredDefinition definition, JsonNode? input = null, string? id = null)
    {
        var instanceId = await StartAsync(definition, input, id);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Hub.WaitForCompletionAsync(instanceId, cts.Token);
    }

    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string id) => await Hub.Store.ReadHistoryAsync(id, 0, 10_000, default);

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}
