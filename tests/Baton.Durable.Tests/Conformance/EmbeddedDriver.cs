using Baton.Embedded;
using Baton.Runtime.Runners;
using Baton.Storage.Sqlite;
using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Durable.Tests.Conformance;

/// <summary>The embedded hub on a real SQLite file.</summary>
internal static class EmbeddedDriver
{
    public static async Task<IBackendDriver> StartAsync(FunctionRegistry functions, Func<string, string?> appSetting)
    {
        var dir = new TempDirectory();
        var hub = new EmbeddedBackend(new SqliteTaskHubStore(new SqliteStoreOptions(dir.File("hub.db"))), new EmbeddedBackendOptions(),
            TaskExecutor.Standard(TestContexts.Of(functions, appSetting)), TimeProvider.System, IdSource.Random);
        await hub.StartAsync(default);
        return new BackendDriver(hub, () =>
        {
            dir.Dispose();
            return ValueTask.CompletedTask;
        });
    }
}
