using Baton.Runtime.Composition;
using Baton.Runtime.Hosting;
using Baton.Runtime.Runners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Baton.Storage.Sqlite;

/// <summary>Chooses the embedded backend on SQLite as Baton's backend.</summary>
public static class SqliteBackend
{
    /// <summary>Uses the embedded backend (<see cref="SqliteEmbeddedBackend.Create"/>) on the settings' database, or <paramref name="databasePath"/>,
    /// built with the container's <see cref="BatonContext"/> and <see cref="TaskExecutor"/>.</summary>
    public static BatonBuilder UseSqlite(this BatonBuilder builder, string? databasePath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBackend(sp => SqliteEmbeddedBackend.Create(sp.GetRequiredService<IOptions<HostSettings>>().Value, sp.GetRequiredService<BatonContext>(),
            databasePath, sp.GetRequiredService<TaskExecutor>()));
    }
}
