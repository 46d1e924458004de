using Baton.Runtime.Backends;
using Baton.Runtime.Hosting;
using Baton.Runtime.Embedded;
using Baton.Runtime.Runners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Storage.Sqlite;

/// <summary>Chooses the embedded hub on SQLite as Baton's backend.</summary>
public static class SqliteBackend
{
    /// <summary>Uses the embedded hub (<see cref="SqliteEmbeddedBackend.Create"/>) on the settings' database, or <paramref name="databasePath"/>.</summary>
    public static BatonBuilder UseSqlite(this BatonBuilder builder, HostSettings settings, string? databasePath = null, FunctionRegistry? functions = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBackend(sp => SqliteEmbeddedBackend.Create(settings, databasePath, functions, time, sp.GetService<ILogger<EmbeddedBackend>>()));
    }
}
