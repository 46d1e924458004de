using Microsoft.Extensions.Configuration;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Expressions;

namespace Baton.Runtime.Hosting;

/// <summary>Reads host.json and local.settings.json and applies environment overrides, refusing unknown or invalid settings.</summary>
/// <remarks>Every problem is reported at once with file, line, column and a fix, like definition errors.
/// Environment variables: BATON_DB, BATON_SYNCHRONOUS, BATON_MAX_CONCURRENT_TASKS, BATON_WORKER_POOLS (name=slots, comma-separated), BATON_ENV_ALLOW (comma-separated),
/// BATON_DATA_STORAGE (a storage connection string), BATON_DATA_THRESHOLD (bytes), BATON_DATA_CONTAINER (a Blob container name),
/// FUNCTIONS_REQUEST_BODY_SIZE_LIMIT (bytes, as in Azure Functions).</remarks>
public static class HostSettingsLoader
{
    private static readonly string[] HostKeys = ["version", "logging", "extensions", "functionTimeout", "extensionBundle", "baton"];
    // Durable Functions' own durableTask and Azure Storage provider settings are known (the Functions host reads them);
    // the embedded hub's (database, synchronous, payloadThresholdBytes, maxBatchSize, leaseDuration) live in the top-level
    // 'baton' section, where no Functions user takes them for the function app's.
    private static readonly string[] BatonKeys = ["database", "synchronous", "payloadThresholdBytes", "maxBatchSize", "leaseDuration"];
    private static readonly string[] DurableKeys = ["hubName", "storageProvider", "maxConcurrentActivityFunctions", "maxConcurrentOrchestratorFunctions",
        "maxConcurrentEntityFunctions", "defaultVersion", "versionMatchStrategy", "versionFailureStrategy", "tracing",
        "notifications", "httpSettings", "extendedSessionsEnabled", "extendedSessionIdleTimeoutInSeconds", "useAppLease", "appLeaseOptions",
        "useGracefulShutdown", "maxEntityOperationBatchSize", "storeInputsInOrchestrationHistory", "localRpcEndpointEnabled", "maxOrchestrationActions"];
    private static readonly string[] StorageKeys = ["type", "connectionStringName", "connectionName",
        "partitionCount", "maxQueuePollingInterval", "controlQueueBatchSize", "controlQueueBufferThreshold", "controlQueueVisibilityTimeout",
        "workItemQueueVisibilityTimeout", "trackingStoreConnectionName", "trackingStoreConnectionStringName", "trackingStoreNamePrefix",
        "useLegacyPartitionManagement", "useTablePartitionManagement", "fetchLargeMessagesAutomatically"];
    private static readonly string[] LogLevelNames = ["Trace", "Debug", "Information", "Warning", "Error", "Critical", "None"];
    private static readonly string[] KnownValues = ["AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_REQUEST_BODY_SIZE_LIMIT", "BATON_DB", "BATON_SYNCHRONOUS",
        "BATON_MAX_CONCURRENT_TASKS", "BATON_ENV_ALLOW", "BATON_ADMIN_KEY", "BATON_FUNCTION_KEY", "BATON_JWT_AUDIENCE", "BATON_JWT_AUTHORITY", "BATON_JWT_ISSUER",
        "BATON_JWT_SIGNING_KEY", "BATON_JWT_ADMIN_ROLE", "BATON_WORKER_POOLS", "BATON_DATA_STORAGE", "BATON_DATA_THRESHOLD", "BATON_DATA_CONTAINER",
        "BATON_TASK_HUB", "BATON_WORKER_ID", "BATON_SECRETS_ALLOW", "BATON_POOL_STORAGE", "BATON_POOL_PLATFORM", "BATON_POOL_INTERVAL"];

    /// <summary>Loads settings from a folder (host.json and local.settings.json are optional) and the environment.</summary>
    /// <remarks>How the CLI and <c>baton serve</c> read them; local.settings.json <c>Values</c> are layered under the environment,
    /// as Azure Functions Core Tools layers them.</remarks>
    /// <exception cref="DefinitionException">A file is malformed or holds unknown or invalid settings.</exception>
    public static HostSettings Load(string folder, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var problems = new List<Diagnostic>();
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var localFile = Path.Combine(folder, "local.settings.json");
        if (File.Exists(localFile))
        {
            ReadLocal(File.ReadAllText(localFile), localFile, values, problems);
        }
        // Layered as the Functions host layers app settings: local.settings.json Values, then the environment over them;
        // '__' in a name is a section separator, as the environment configuration provider reads it.
        var layered = new ConfigurationBuilder()
            .AddInMemoryCollection(Sections(values))
            .AddInMemoryCollection(Sections(environment.Where(e => e.Value is not null)))
            .Build();
        return Bind(layered, folder, localFile, problems) with { LocalValues = values };
    }

    /// <summary>Binds settings from app settings a host has layered already (the function app's configuration) and the
    /// host.json in <paramref name="folder"/>, if there is one.</summary>
    /// <exception cref="DefinitionException">host.json is malformed, or a file or setting holds an unknown or invalid value.</exception>
    public static HostSettings Bind(IConfiguration appSettings, string folder) => Bind(appSettings, folder, "the app settings", []);

    private static HostSettings Bind(IConfiguration appSettings, string folder, string valuesSource, List<Diagnostic> problems)
    {
        ArgumentNullException.ThrowIfNull(appSettings);
        var settings = new HostSettings();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var hostFile = Path.Combine(folder, "host.json");
        if (File.Exists(hostFile))
        {
            settings = ReadHost(File.ReadAllText(hostFile), hostFile, settings, sources, problems);
        }
        if (problems.Count > 0)
        {
            throw new DefinitionException(problems.OrderBy(p => p.Location.File, StringComparer.Ordinal).ToList());
        }
        string? Setting(string name) => AppSetting(appSettings, name);
        return Apply(settings, Setting, sources, valuesSource) with { AppSetting = Setting };
    }

    /// <summary>Reads an app setting by its app-setting name (<c>__</c> between sections) from configuration, where <c>__</c>
    /// reads as <c>:</c>; null when unset or empty.</summary>
    public static string? AppSetting(IConfiguration appSettings, string name)
    {
        ArgumentNullException.ThrowIfNull(appSettings);
        ArgumentNullException.ThrowIfNull(name);
        return appSettings[name.Replace("__", ":", StringComparison.Ordinal)] is { Length: > 0 } v ? v : null;
    }

    private static IEnumerable<KeyValuePair<string, string?>> Sections(IEnumerable<KeyValuePair<string, string?>> values) =>
        values.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value));

    private static HostSettings ReadHost(string text, string file, HostSettings s, Dictionary<string, string> sources, List<Diagnostic> problems)
    {
        var (doc, syntax) = SourceReader.Read(text, file);
        problems.AddRange(syntax);
        if (doc?.Root is not JsonObject root)
        {
            return s;
        }
        var sink = new DiagnosticSink(doc);
        var host = new ObjectReader(sink, root, "", HostKeys);
        if (host.String("version") is { } version && version != "2.0")
        {
            sink.Add("BTN060", "version", $"host.json version '{version}' is not supported.", "Use \"version\": \"2.0\".");
        }
        if (host.Object("logging", required: false, "logLevel", "console", "applicationInsights", "fileLoggingMode") is { } logging
            && logging.Map("logLevel") is { } levels)
        {
            var parsed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (category, level) in levels)
            {
                var name = Values.Text(level);
                if (!LogLevelNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    sink.Add("BTN015", $"logging.logLevel.{category}", $"'{name}' is not a log level.", $"Use one of: {string.Join(", ", LogLevelNames)}.");
                    continue;
                }
                parsed[category] = name;
            }
            s = s with { LogLevels = parsed };
        }
        if (host.Object("extensions", required: false, "durableTask", "http")?.Node["durableTask"] is JsonObject durableNode)
        {
            MovedToBaton(sink, durableNode, "extensions.durableTask", "maxBatchSize", "leaseDuration");
            if (durableNode["storageProvider"] is JsonObject provider)
            {
                MovedToBaton(sink, provider, "extensions.durableTask.storageProvider", "database", "synchronous", "payloadThresholdBytes");
            }
        }
        var durable = host.Object("extensions", required: false, "durableTask", "http")?.Object("durableTask", required: false, DurableKeys);
        if (durable is not null)
        {
            s = s with
            {
                HubName = durable.String("hubName") ?? s.HubName,
                MaxConcurrentActivityFunctions = durable.Int("maxConcurrentActivityFunctions", 1, 10_000) ?? s.MaxConcurrentActivityFunctions,
            };
            if (durable.Object("storageProvider", required: false, StorageKeys) is { } storage && storage.String("type") is { } type)
            {
                if (type.Equals("AzureStorage", StringComparison.OrdinalIgnoreCase))
                {
                    s = s with { StorageType = "AzureStorage" };
                }
                else
                {
                    sink.Add("BTN061", storage.At("type"), $"Durable Functions has no storage provider '{type}' that Baton can run.",
                        type.Equals("sqlite", StringComparison.OrdinalIgnoreCase)
                            ? "The embedded hub (SQLite) is Baton's own, not a Durable Functions provider: remove storageProvider and put its settings in the top-level \"baton\" section."
                            : "Use \"type\": \"AzureStorage\" (the Durable backend), or leave storageProvider out for the embedded hub.");
                }
            }
            foreach (var key in durable.Node.Select(p => p.Key))
            {
                sources[key] = file;
            }
        }
        if (host.Object("baton", required: false, BatonKeys) is { } baton)
        {
            var sync = baton.String("synchronous")?.ToUpperInvariant() ?? s.Synchronous;
            if (sync is not ("FULL" or "NORMAL"))
            {
                sink.Add("BTN015", baton.At("synchronous"), $"'{sync}' is not a synchronous mode.", "Use FULL (survives power loss) or NORMAL (survives a crash).");
            }
            s = s with
            {
                Database = baton.String("database") ?? s.Database,
                Synchronous = sync,
                PayloadThresholdBytes = baton.Int("payloadThresholdBytes", 1024, 64 << 20) ?? s.PayloadThresholdBytes,
                MaxBatchSize = baton.Int("maxBatchSize", 1, 10_000) ?? s.MaxBatchSize,
                LeaseDuration = baton.Duration("leaseDuration") ?? s.LeaseDuration,
            };
            foreach (var key in baton.Node.Select(p => p.Key))
            {
                sources[key] = file;
            }
        }
        problems.AddRange(sink.Sorted());
        return s;
    }

    private static void ReadLocal(string text, string file, Dictionary<string, string?> values, List<Diagnostic> problems)
    {
        var (doc, syntax) = SourceReader.Read(text, file);
        problems.AddRange(syntax);
        if (doc?.Root is not JsonObject root)
        {
            return;
        }
        var sink = new DiagnosticSink(doc);
        var local = new ObjectReader(sink, root, "", "IsEncrypted", "Values", "Host", "ConnectionStrings");
        foreach (var (key, value) in local.Map("Values") ?? [])
        {
            if (!KnownValues.Contains(key, StringComparer.Ordinal) && key.StartsWith("BATON_", StringComparison.Ordinal))
            {
                sink.AddAtKey("BTN010", $"Values.{key}", $"Unknown setting '{key}'.", Suggest.Hint(key, KnownValues));
            }
            values[key] = value is null ? null : Values.Text(value);
        }
        problems.AddRange(sink.Sorted());
    }

    private static HostSettings Apply(HostSettings s, Func<string, string?> values, Dictionary<string, string> sources, string localFile)
    {
        if (s.HubName is ['%', .. var named, '%'])
        {
            s = values(named) is { } hub ? s with { HubName = hub }
                : values("BATON_TASK_HUB") is null ? throw Invalid($"host.json's hubName reads the app setting {named}, which is not set.", localFile) : s;
        }
        if (values("BATON_TASK_HUB") is { } taskHub)
        {
            s = s with { HubName = taskHub };
            sources["hubName"] = "BATON_TASK_HUB";
        }
        if (values("BATON_WORKER_ID") is { } worker)
        {
            s = s with { WorkerId = worker };
        }
        if (values("BATON_DB") is { Length: > 0 } db)
        {
            s = s with { Database = db };
            sources["database"] = "BATON_DB";
        }
        if (values("BATON_SYNCHRONOUS") is { Length: > 0 } sync)
        {
            s = sync.ToUpperInvariant() is "FULL" or "NORMAL" ? s with { Synchronous = sync.ToUpperInvariant() }
                : throw Invalid($"BATON_SYNCHRONOUS='{sync}' is not FULL or NORMAL.", localFile);
        }
        if (values("BATON_MAX_CONCURRENT_TASKS") is { Length: > 0 } max)
        {
            s = int.TryParse(max, out var n) && n is > 0 and <= 10_000 ? s with { MaxConcurrentActivityFunctions = n }
                : throw Invalid($"BATON_MAX_CONCURRENT_TASKS='{max}' is not a whole number from 1 to 10000.", localFile);
        }
        if (values("FUNCTIONS_REQUEST_BODY_SIZE_LIMIT") is { Length: > 0 } limit)
        {
            s = long.TryParse(limit, out var bytes) && bytes is >= 1024 and <= 1L << 31 ? s with { MaxRequestBodyBytes = bytes }
                : throw Invalid($"FUNCTIONS_REQUEST_BODY_SIZE_LIMIT='{limit}' is not a number of bytes from 1024 to 2147483648.", localFile);
        }
        if (values("BATON_WORKER_POOLS") is { Length: > 0 } pools)
        {
            var parsed = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in pools.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || !Catalog.TaskBinding.IsPoolName(parts[0]) || !int.TryParse(parts[1], out var slots) || slots is < 1 or > 10_000 || !parsed.TryAdd(parts[0], slots))
                {
                    throw Invalid($"BATON_WORKER_POOLS entry '{entry}' is not name=slots (a pool name of lowercase letters, digits and '-', used once, and 1 to 10000 slots), e.g. gpu=2,io=16.", localFile);
                }
            }
            s = s with { WorkerPools = parsed };
        }
        try
        {
            s = s with { DataThreshold = Data.BlobClaimCheck.ParseThreshold("BATON_DATA_THRESHOLD", values("BATON_DATA_THRESHOLD")) };
        }
        catch (FormatException ex)
        {
            throw Invalid(ex.Message, localFile);
        }
        if (values("BATON_DATA_CONTAINER") is { Length: > 0 } container)
        {
            s = System.Text.RegularExpressions.Regex.IsMatch(container, "^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$") ? s with { DataContainer = container }
                : throw Invalid($"BATON_DATA_CONTAINER='{container}' is not a Blob container name: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.", localFile);
        }
        if (values("BATON_ENV_ALLOW") is { } allow)
        {
            s = s with { EnvAllowList = allow.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal) };
        }
        foreach (var name in new[] { "AzureWebJobsStorage", "BATON_DATA_STORAGE", Pools.ServicePoolQueues.StorageSetting })
        {
            if (values(name) is { Length: > 0 } connection && StorageConnectionProblem(connection) is { } problem)
            {
                throw Invalid($"{name} is not a storage connection string ({problem}). Use UseDevelopmentStorage=true or Azurite's connection string " +
                    "locally, or an account's connection string (DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...).", localFile);
            }
        }
        return s with { Sources = sources };
    }

    /// <summary>Why a storage connection string cannot be used, without repeating it (it may hold a key); null when it can.
    /// An https address is the managed-identity form and is left to the client.</summary>
    private static string? StorageConnectionProblem(string connection)
    {
        if (Uri.TryCreate(connection, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }
        try
        {
            _ = new Azure.Storage.Blobs.BlobServiceClient(connection);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return ex is FormatException or ArgumentException ? ex.Message.Split('\n')[0].TrimEnd('.') : "it cannot be read";
        }
    }

    /// <summary>Reports each of <paramref name="keys"/> written where Durable Functions' settings go, and takes it out so it is not
    /// also reported as unknown: they are the embedded hub's and belong in the top-level "baton" section.</summary>
    private static void MovedToBaton(DiagnosticSink sink, JsonObject section, string path, params string[] keys)
    {
        foreach (var key in keys.Where(section.ContainsKey))
        {
            sink.Add("BTN010", $"{path}.{key}", $"'{key}' is a setting of Baton's embedded hub, not of Durable Functions.",
                $"Move it to the top-level \"baton\" section of host.json: \"baton\": {{ \"{key}\": ... }}.");
            section.Remove(key);
        }
    }

    private static DefinitionException Invalid(string message, string file) =>
        new([new Diagnostic("BTN062", new SourceLocation(file, 1, 1), "Values", message, "Fix the value in the environment or in local.settings.json.")]);
}
