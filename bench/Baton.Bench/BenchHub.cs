using System.Text;
using Baton.Embedded;
using Baton.Runtime.Runners;
using Baton.Storage.Sqlite;
using Baton.Abstractions;

namespace Baton.Bench;

/// <summary>A task hub on a fresh SQLite file with no-op functions, as the scenarios use it.</summary>
internal sealed class BenchHub : IAsyncDisposable
{
    private readonly string _dir;

    private BenchHub(EmbeddedBackend hub, string dir)
    {
        Hub = hub;
        _dir = dir;
    }

    public EmbeddedBackend Hub { get; }

    /// <summary>The SQLite file the hub commits to.</summary>
    public string DatabasePath => Path.Combine(_dir, "bench.db");

    public static async Task<BenchHub> StartAsync(string synchronous)
    {
        var dir = Directory.CreateTempSubdirectory("baton-bench-").FullName;
        var functions = FunctionRegistry.WithBuiltIns(TimeProvider.System);
        var hub = new EmbeddedBackend(new SqliteTaskHubStore(new SqliteStoreOptions(Path.Combine(dir, "bench.db")) { Synchronous = synchronous }),
            new EmbeddedBackendOptions(), new TaskExecutor(functions, [new FunctionRunner(functions)], TimeProvider.System), TimeProvider.System, IdSource.Random);
        await hub.StartAsync(default);
        return new BenchHub(hub, dir);
    }

    public static StoredDefinition Sequence(string name, int steps)
    {
        var sb = new StringBuilder($"apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: {{ name: {name} }}\nspec:\n  steps:\n");
        for (var i = 0; i < steps; i++)
        {
            sb.Append(i == 0 ? $"    - {{ id: s{i}, task: noop }}\n" : $"    - {{ id: s{i}, task: noop, depends_on: [s{i - 1}] }}\n");
        }
        return Stored(name, sb.ToString());
    }

    public static StoredDefinition FanOut(string name, int width)
    {
        var sb = new StringBuilder($"apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: {{ name: {name} }}\nspec:\n  steps:\n    - {{ id: split, task: noop }}\n");
        for (var i = 0; i < width; i++)
        {
            sb.Append($"    - {{ id: w{i}, task: noop, depends_on: [split] }}\n");
        }
        sb.Append($"    - {{ id: join, task: noop, depends_on: [{string.Join(", ", Enumerable.Range(0, width).Select(i => $"w{i}"))}] }}\n");
        return Stored(name, sb.ToString());
    }

    private static StoredDefinition Stored(string name, string text) => new(ContentHash.Of(text), "workflow", name, "1", name + ".yaml", text);

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
