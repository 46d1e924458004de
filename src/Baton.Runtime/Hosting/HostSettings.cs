namespace Baton.Runtime.Hosting;

/// <summary>The function-app settings a host runs with: from host.json, local.settings.json and the environment.</summary>
/// <remarks>Names follow Durable Functions' host.json (<c>extensions.durableTask</c>: hubName, storageProvider,
/// maxConcurrentActivityFunctions); Baton's own additions sit beside them. Precedence, lowest first: defaults,
/// host.json, local.settings.json <c>Values</c>, environment variables.</remarks>
public sealed record HostSettings
{
    /// <summary>The task hub's name: host.json <c>hubName</c> (<c>%NAME%</c> reads the app setting NAME), else <c>BATON_TASK_HUB</c>, else BatonHub.</summary>
    public string HubName { get; init; } = "BatonHub";

    /// <summary>This process's name among a hub's workers (<c>BATON_WORKER_ID</c>); null lets the backend make one.</summary>
    public string? WorkerId { get; init; }

    /// <summary>The storage provider host.json names: <c>sqlite</c> (the embedded backend) or <c>AzureStorage</c> (the Durable backend, as the function app's host.json names it).</summary>
    public string StorageType { get; init; } = "sqlite";

    /// <summary>The SQLite database file.</summary>
    public string Database { get; init; } = ".baton/baton.db";

    /// <summary>SQLite durability: FULL or NORMAL.</summary>
    public string Synchronous { get; init; } = "FULL";

    /// <summary>JSON above this size is stored once and referenced.</summary>
    public int PayloadThresholdBytes { get; init; } = 45 * 1024;

    /// <summary>The most task attempts running at once.</summary>
    public int MaxConcurrentActivityFunctions { get; init; } = 256;

    /// <summary>The most events committed together.</summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>How long dispatched work stays leased before another host may take it.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The largest HTTP request body the control plane accepts (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, as in Azure Functions).</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 << 20;

    /// <summary>Environment variables workflows may read as env.NAME.</summary>
    public IReadOnlySet<string> EnvAllowList { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Named task slot pools (<c>BATON_WORKER_POOLS</c>, e.g. <c>gpu=2,io=16</c>): tasks whose binding names a pool run in its slots only.</summary>
    public IReadOnlyDictionary<string, int> WorkerPools { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The size in bytes above which step data goes to Blob storage (<c>BATON_DATA_THRESHOLD</c>, default 32768), when
    /// the app setting <c>BATON_DATA_STORAGE</c> names a storage account.</summary>
    /// <remarks><c>BATON_DATA_STORAGE</c> is a connection string (<c>UseDevelopmentStorage=true</c> for Azurite) and may hold a key,
    /// so it is read through <see cref="AppSetting"/> when the hub is made and never kept here, where printing the settings would show it.</remarks>
    public int DataThreshold { get; init; } = Data.BlobClaimCheck.DefaultThreshold;

    /// <summary>The Blob container step data is kept in (<c>BATON_DATA_CONTAINER</c>); null takes the backend's default
    /// (<c>baton-data</c> on the embedded backend, <c>baton-{hub}</c> on the Durable one).</summary>
    public string? DataContainer { get; init; }

    /// <summary>Log levels by category prefix from host.json <c>logging.logLevel</c> ("default" applies to all).</summary>
    public IReadOnlyDictionary<string, string> LogLevels { get; init; } = new Dictionary<string, string> { ["default"] = "Information" };

    /// <summary>Looks up an app setting by name: the environment first, then local.settings.json <c>Values</c>.</summary>
    /// <remarks>How tasks reach keys and other secrets at dispatch (e.g. an event task's <c>key_setting</c>); the values
    /// never enter definitions, history or logs. A delegate, so printing the settings never prints a secret.</remarks>
    public Func<string, string?> AppSetting { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The <c>Values</c> of local.settings.json, which a host treats as environment variables the real environment overrides.</summary>
    /// <remarks>As Azure Functions Core Tools does: keys, JWT and telemetry settings may live there during local development.</remarks>
    public IReadOnlyDictionary<string, string?> LocalValues { get; init; } = new Dictionary<string, string?>();

    /// <summary>The app settings as one map: local.settings.json <c>Values</c>, each overridden by a set environment variable of the same name.</summary>
    public IReadOnlyDictionary<string, string?> AppSettings(IReadOnlyDictionary<string, string?> environment)
    {
        var merged = new Dictionary<string, string?>(LocalValues, StringComparer.Ordinal);
        foreach (var (name, value) in environment)
        {
            if (value is not null)
            {
                merged[name] = value;
            }
        }
        return merged;
    }

    /// <summary>Where each setting came from, for diagnostics ("host.json", "BATON_DB", ...).</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();
}
