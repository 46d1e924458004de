using Microsoft.Extensions.Configuration;
using Baton.Core.Definitions;
using Baton.Runtime.Hosting;
using Baton.Testing;

namespace Baton.Runtime.Tests.Hosting;

public sealed class HostSettingsLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly Dictionary<string, string?> NoEnv = [];

    [Fact]
    public void Load_NoFiles_GivesDefaults()
    {
        var s = HostSettingsLoader.Load(_dir.Path, NoEnv);
        Assert.Equal((".baton/baton.db", "FULL", 256), (s.Database, s.Synchronous, s.MaxConcurrentActivityFunctions));
    }

    [Fact]
    public void Load_CommittedHostJsonAndSample_AreValidAndRead()
    {
        File.Copy(Path.Combine(RepoPaths.Root, "host.json"), _dir.File("host.json"));
        File.Copy(Path.Combine(RepoPaths.Root, "local.settings.sample.json"), _dir.File("local.settings.json"));
        var s = HostSettingsLoader.Load(_dir.Path, NoEnv);
        Assert.Equal(("BatonHub", "sqlite", 46080, TimeSpan.FromMinutes(2)), (s.HubName, s.StorageType, s.PayloadThresholdBytes, s.LeaseDuration));
    }

    [Fact]
    public void Load_HostJsonValues_AreOverriddenByLocalSettingsThenEnvironment()
    {
        File.WriteAllText(_dir.File("host.json"), """{ "version": "2.0", "extensions": { "durableTask": { "maxConcurrentActivityFunctions": 8 } }, "baton": { "database": "a.db", "synchronous": "normal" } }""");
        File.WriteAllText(_dir.File("local.settings.json"), """{ "IsEncrypted": false, "Values": { "BATON_DB": "b.db", "BATON_ENV_ALLOW": "REGION, TIER" } }""");
        var fromFiles = HostSettingsLoader.Load(_dir.Path, NoEnv);
        Assert.Equal(("b.db", "NORMAL", 8), (fromFiles.Database, fromFiles.Synchronous, fromFiles.MaxConcurrentActivityFunctions));
        Assert.Equal(["REGION", "TIER"], fromFiles.EnvAllowList.Order());
        var fromEnv = HostSettingsLoader.Load(_dir.Path, new Dictionary<string, string?>
        {
            ["BATON_DB"] = "c.db",
            ["BATON_MAX_CONCURRENT_TASKS"] = "3",
            ["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"] = "2048",
        });
        Assert.Equal(("c.db", 3, 2048L), (fromEnv.Database, fromEnv.MaxConcurrentActivityFunctions, fromEnv.MaxRequestBodyBytes));
    }

    [Fact]
    public void Load_WorkerPools_AreReadAndBadEntriesNamed()
    {
        var s = HostSettingsLoader.Load(_dir.Path, new Dictionary<string, string?> { ["BATON_WORKER_POOLS"] = "gpu=2, io=16" });
        Assert.Equal([("gpu", 2), ("io", 16)], s.WorkerPools.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));

        var ex = Assert.Throws<DefinitionException>(() => HostSettingsLoader.Load(_dir.Path, new Dictionary<string, string?> { ["BATON_WORKER_POOLS"] = "gpu=2,GPU=zero" }));
        Assert.Contains("'GPU=zero'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("BATON_DATA_STORAGE")]
    [InlineData("BATON_POOL_STORAGE")]
    public void Load_MalformedStorageConnection_IsAUserErrorNamingTheSettingAndNotTheKey(string setting)
    {
        var ex = Assert.Throws<DefinitionException>(() => HostSettingsLoader.Load(_dir.Path,
            new Dictionary<string, string?> { [setting] = "AccountName=acct;AccountKey=c2VjcmV0LWtleQ==;Nonsense" }));

        Assert.Contains($"{setting} is not a storage connection string", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LWtleQ", ex.Message, StringComparison.Ordinal);
        Assert.Equal("UseDevelopmentStorage=true", HostSettingsLoader.Load(_dir.Path, new Dictionary<string, string?> { [setting] = "UseDevelopmentStorage=true" }).AppSetting(setting));
    }

    [Fact]
    public void Load_BlobDataSettings_AreReadAndBadOnesNamed()
    {
        var s = HostSettingsLoader.Load(_dir.Path, new Dictionary<string, string?>
        {
            ["BATON_DATA_STORAGE"] = "UseDevelopmentStorage=true",
            ["BATON_DATA_THRESHOLD"] = "1024",
            ["BATON_DATA_CONTAINER"] = "step-data",
        });
        Assert.Equal((1024, "step-data"), (s.DataThreshold, s.DataContainer));
        Assert.DoesNotContain("UseDevelopmentStorage", s.ToString(), StringComparison.Ordinal);

        var threshold = Assert.Throws<DefinitionException>(() => HostSettingsLoader.Load(_dir.Path, new Dictionary<string, string?> { ["BATON_DATA_THRESHOLD"] = "big" }));
        Assert.Contains("BATON_DATA_THRESHOLD", threshold.Message, StringComparison.Ordinal);
        var container = Assert.Throws<DefinitionException>(() => HostSettingsLoader.Load(_dir.Path, new Dictionary<string, string?> { ["BATON_DATA_CONTAINER"] = "Step_Data" }));
        Assert.Contains("'Step_Data' is not a Blob container name", container.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LocalValues_AreAppSettingsTheEnvironmentOverrides()
    {
        File.WriteAllText(_dir.File("local.settings.json"),
            """{ "Values": { "BATON_JWT_AUDIENCE": "api://baton", "BATON_FUNCTION_KEY": "local-key", "TOPIC_KEY": "from-file" } }""");
        var s = HostSettingsLoader.Load(_dir.Path, new Dictionary<string, string?> { ["TOPIC_KEY"] = "from-env" });
        Assert.Equal(("api://baton", "local-key"), (s.LocalValues["BATON_JWT_AUDIENCE"], s.LocalValues["BATON_FUNCTION_KEY"]));
        Assert.Equal(("from-env", "api://baton", null), (s.AppSetting("TOPIC_KEY"), s.AppSetting("BATON_JWT_AUDIENCE"), s.AppSetting("NOT_SET_ANYWHERE")));
        Assert.DoesNotContain("from-file", s.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownOrInvalidSettings_FailWithPositionsAndHints()
    {
        File.WriteAllText(_dir.File("host.json"), "{\n  \"version\": \"2.0\",\n  \"extensions\": { \"durableTask\": {\n    \"maxConcurrentActivityFunction\": 8,\n    \"storageProvider\": { \"type\": \"netherite\" } } }\n}");
        var ex = Assert.Throws<DefinitionException>(() => HostSettingsLoader.Load(_dir.Path, NoEnv));
        Assert.Equal(2, ex.Diagnostics.Count);
        Assert.Equal((4, "Did you mean 'maxConcurrentActivityFunctions'?"), (ex.Diagnostics[0].Location.Line, ex.Diagnostics[0].Fix));
        Assert.Contains("no storage provider 'netherite'", ex.Diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmbeddedSettingsWhereDurableFunctionsKeepsItsOwn_AreToldToMoveToTheBatonSection()
    {
        File.WriteAllText(_dir.File("host.json"), """
            {
              "version": "2.0",
              "extensions": { "durableTask": {
                "maxBatchSize": 512,
                "storageProvider": { "type": "sqlite", "database": "x.db" } } }
            }
            """);
        var found = Assert.Throws<DefinitionException>(() => HostSettingsLoader.Load(_dir.Path, NoEnv)).Diagnostics.Select(d => (d.Code, d.Path, d.Location.Line)).ToList();

        Assert.Contains(("BTN010", "extensions.durableTask.maxBatchSize", 4), found);
        Assert.Contains(("BTN010", "extensions.durableTask.storageProvider.database", 5), found);
        Assert.Contains(("BTN061", "extensions.durableTask.storageProvider.type", 5), found);
        Assert.Equal(3, found.Count);
    }

    [Fact]
    public void Load_LogLevels_AreReadAndChecked()
    {
        File.WriteAllText(_dir.File("host.json"), """{ "version": "2.0", "logging": { "logLevel": { "default": "Warning", "Baton.Runtime": "Debug" } } }""");
        var s = HostSettingsLoader.Load(_dir.Path, NoEnv);
        Assert.Equal(("Warning", "Debug"), (s.LogLevels["default"], s.LogLevels["Baton.Runtime"]));
        File.WriteAllText(_dir.File("host.json"), """{ "version": "2.0", "logging": { "logLevel": { "default": "Loud" } } }""");
        var ex = Assert.Throws<DefinitionException>(() => HostSettingsLoader.Load(_dir.Path, NoEnv));
        Assert.Contains("'Loud' is not a log level", ex.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadEnvironmentValue_FailsNamingTheVariable()
    {
        var ex = Assert.Throws<DefinitionException>(() => HostSettingsLoader.Load(_dir.Path, new Dictionary<string, string?> { ["BATON_SYNCHRONOUS"] = "sometimes" }));
        Assert.Contains("BATON_SYNCHRONOUS='sometimes'", ex.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FunctionAppHostJson_ReadsTheHubFromItsAppSetting()
    {
        File.Copy(Path.Combine(RepoPaths.Root, "src", "Baton.Functions", "host.json"), _dir.File("host.json"));
        var s = HostSettingsLoader.Load(_dir.Path, new Dictionary<string, string?> { ["BATON_TASK_HUB"] = "AppHub" });
        Assert.Equal(("AppHub", "AzureStorage", 32), (s.HubName, s.StorageType, s.MaxConcurrentActivityFunctions));
    }

    [Fact]
    public void Load_HubNameSettingMissing_NamesTheSetting()
    {
        File.WriteAllText(_dir.File("host.json"), """{ "version": "2.0", "extensions": { "durableTask": { "hubName": "%MY_HUB%" } } }""");
        var e = Assert.Throws<DefinitionException>(() => HostSettingsLoader.Load(_dir.Path, NoEnv));
        Assert.Contains("MY_HUB", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
        Assert.Equal("Named", HostSettingsLoader.Load(_dir.Path, new Dictionary<string, string?> { ["MY_HUB"] = "Named" }).HubName);
    }

    [Fact]
    public void Load_UnknownStorageProvider_IsRefusedAtItsKey()
    {
        File.WriteAllText(_dir.File("host.json"), "{\n  \"version\": \"2.0\",\n  \"extensions\": { \"durableTask\": { \"storageProvider\": { \"type\": \"netherite\" } } }\n}");
        var d = Assert.Single(Assert.Throws<DefinitionException>(() => HostSettingsLoader.Load(_dir.Path, NoEnv)).Diagnostics);
        Assert.Equal(("BTN061", 3), (d.Code, d.Location.Line));
        Assert.Contains("AzureStorage", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_SectionedAppSetting_ReadsAsTheLoaderReadsIt()
    {
        var environment = new Dictionary<string, string?> { ["AzureWebJobsStorage__accountName"] = "acct", ["BATON_DATA_THRESHOLD"] = "2048" };
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value))).Build();
        var bound = HostSettingsLoader.Bind(configuration, _dir.Path);
        var loaded = HostSettingsLoader.Load(_dir.Path, environment);
        Assert.Equal(("acct", 2048), (bound.AppSetting("AzureWebJobsStorage__accountName"), bound.DataThreshold));
        Assert.Equal(("acct", 2048), (loaded.AppSetting("AzureWebJobsStorage__accountName"), loaded.DataThreshold));
    }
}
