using Baton.Runtime.Catalog;
using Baton.Runtime.Hosting;
using Baton.Runtime.Runners;
using Baton.Runtime.Runners.Aci;
using Microsoft.Extensions.Configuration;

namespace Baton.Functions;

/// <summary>Every app setting the function app or its host reads, and the check that refuses to start without the ones it needs.</summary>
/// <remarks>The list is the contract between the app and what deploys it: <c>infra/</c> may give the app only settings
/// named here, and must give every one <see cref="Problems"/> would ask for (a test holds both directions, and the same
/// for <c>local.settings.sample.json</c>). Names are written as app settings are (<c>__</c> between sections);
/// <see cref="Value"/> reads them through configuration, where <c>__</c> becomes <c>:</c>. Besides these, task
/// bindings read the settings a catalog names (an event binding's <c>key_setting</c>), and only those
/// <see cref="SecretsAllow"/> lists (never one of the host's own, see <see cref="Core.Definitions.SettingNames"/>).</remarks>
public static class AppSettings
{
    /// <summary>The storage connection string (Azurite locally); or use the identity-based settings below.</summary>
    public const string Storage = "AzureWebJobsStorage";

    /// <summary>The storage account's name, for identity-based connections (no keys).</summary>
    public const string StorageAccountName = "AzureWebJobsStorage__accountName";

    /// <summary>The Blob endpoint, for identity-based connections to a storage account outside the public cloud.</summary>
    public const string StorageBlobServiceUri = "AzureWebJobsStorage__blobServiceUri";

    /// <summary>The Queue endpoint, for identity-based connections to a storage account outside the public cloud (worker pools' queues).</summary>
    public const string StorageQueueServiceUri = "AzureWebJobsStorage__queueServiceUri";

    /// <summary>How the host authenticates to storage with identity-based connections (<c>managedidentity</c>).</summary>
    public const string StorageCredential = "AzureWebJobsStorage__credential";

    /// <summary>The client id of the user-assigned identity the host uses for storage.</summary>
    public const string StorageClientId = "AzureWebJobsStorage__clientId";

    /// <summary>The user-assigned identity Baton's own Azure clients use (read by DefaultAzureCredential).</summary>
    public const string ClientId = "AZURE_CLIENT_ID";

    /// <summary>The Durable task hub's name (host.json reads it as <c>%BATON_TASK_HUB%</c>).</summary>
    public const string TaskHub = "BATON_TASK_HUB";

    /// <summary>The Blob container for definitions, catalogs, claim-checked data and evaluations.</summary>
    public const string DataContainer = "BATON_DATA_CONTAINER";

    /// <summary>The size in bytes above which step data is kept in the data container.</summary>
    public const string DataThreshold = "BATON_DATA_THRESHOLD";

    /// <summary>The settings task bindings may read as secrets at dispatch (comma-separated; <c>PREFIX_*</c> allows a prefix).</summary>
    public const string SecretsAllow = Core.Definitions.SettingNames.SecretsAllowSetting;

    /// <summary>The Docker Engine API the container runner uses locally.</summary>
    public const string DockerHost = "DOCKER_HOST";

    /// <summary>The worker runtime the host starts (<c>dotnet-isolated</c>); Flex Consumption sets it from the site's runtime instead.</summary>
    public const string WorkerRuntime = "FUNCTIONS_WORKER_RUNTIME";

    /// <summary>The Functions runtime version (<c>~4</c>); not used on Flex Consumption.</summary>
    public const string ExtensionVersion = "FUNCTIONS_EXTENSION_VERSION";

    /// <summary>Where the app's package runs from (<c>1</c>: the deployed zip) on Elastic Premium without a content share.</summary>
    public const string RunFromPackage = "WEBSITE_RUN_FROM_PACKAGE";

    /// <summary>Application Insights' connection string, read by the host and the worker's telemetry.</summary>
    public const string InsightsConnection = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>How telemetry authenticates to Application Insights (<c>ClientId=...;Authorization=AAD</c>).</summary>
    public const string InsightsAuthentication = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Settings App Service sets itself on a running site: a site name means the app runs in Azure; an identity endpoint means it has a managed identity.</summary>
    private const string SiteName = "WEBSITE_SITE_NAME";
    private const string IdentityEndpoint = "IDENTITY_ENDPOINT";

    /// <summary>Every setting a deployment may give the app, each with what reads it.</summary>
    public static IReadOnlyDictionary<string, string> Known { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Storage] = "Baton (Blob data) and the Functions host (task hub, triggers)",
        [StorageAccountName] = "Baton (Blob data) and the Functions host",
        [StorageBlobServiceUri] = "Baton (Blob data) and the Functions host",
        [StorageQueueServiceUri] = "Baton (worker pools' queues) and the Functions host",
        [StorageCredential] = "the Functions host",
        [StorageClientId] = "the Functions host; Baton checks it matches AZURE_CLIENT_ID",
        [ClientId] = "Baton's Azure clients (DefaultAzureCredential)",
        [TaskHub] = "host.json (%BATON_TASK_HUB%)",
        [DataContainer] = "Baton",
        [DataThreshold] = "Baton",
        [SecretsAllow] = "Baton's task runners (which settings an event binding's key_setting may name)",
        [DockerHost] = "Baton's container runner",
        [WorkerRuntime] = "the Functions host",
        [ExtensionVersion] = "the Functions host",
        [RunFromPackage] = "App Service",
        [InsightsConnection] = "the Functions host and the worker",
        [InsightsAuthentication] = "the Functions host and the worker",
        [ContainerBinding.PlatformSetting] = "Baton's container runners (docker or aci)",
        [AciSettings.SubscriptionSetting] = "Baton's ACI runner",
        [AciSettings.ResourceGroupSetting] = "Baton's ACI runner",
        [AciSettings.LocationSetting] = "Baton's ACI runner",
        [AciSettings.EndpointSetting] = "Baton's ACI runner",
        [AciSettings.PollSetting] = "Baton's ACI runner",
        [KeptnEvents.EndpointSetting] = "the built-in keptn-event (shipyard sequences' lifecycle events; infra/ gives the topic)",
        [KeptnEvents.KeySetting] = "the built-in keptn-event; without it, the app's identity publishes",
        [Runtime.Pools.ServicePoolQueues.StorageSetting] = "Baton's service pools (their queues; infra/ gives the queue service when pools are declared)",
        [Runtime.Pools.PoolService.PlatformSetting] = "Baton's service pools (external: infra/'s Container Apps run the replicas)",
        [Runtime.Pools.PoolService.IntervalSetting] = "Baton's service pools (how often reports are relayed)",
        [TriggerFunctions.ScheduleSetting] = "the Timer trigger that looks at workflows' schedule and queue triggers (NCRONTAB with seconds; infra/ sets */10 * * * * *)",
        [ControlPlane.Watch.Watchdog.IdleSetting] = "Baton's watchdog (how long without progress makes an instance stuck)",
        [Runtime.Plugins.PluginHost.FolderSetting] = "Baton's plugin runner (the folder of task-runner plugins deployed with the app)",
        [ControlPlane.Triggers.TriggerService.IntervalSetting] = "Baton's schedule triggers (how late a due time still counts as on time: twice this; match the timer's period)",
    };

    /// <summary>Reads an app setting by its app-setting name.</summary>
    public static string? Value(IConfiguration configuration, string name) => HostSettingsLoader.AppSetting(configuration, name);

    /// <summary>What is missing or inconsistent in the settings, one sentence each naming the setting; empty when the app can start.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var problems = new List<string>();
        if (Value(configuration, TaskHub) is null)
        {
            problems.Add($"{TaskHub} is not set: name the Durable task hub (host.json reads it), e.g. BatonHub.");
        }
        var identityStorage = Value(configuration, StorageAccountName) is not null || Value(configuration, StorageBlobServiceUri) is not null;
        if (Value(configuration, Storage) is null && !identityStorage)
        {
            problems.Add($"No storage is configured: set {Storage} (a connection string), or {StorageAccountName} (or {StorageBlobServiceUri}) for a managed identity.");
        }
        if (identityStorage && Value(configuration, SiteName) is not null && Value(configuration, IdentityEndpoint) is null)
        {
            problems.Add($"{StorageAccountName} asks for an identity-based connection, but the app has no managed identity: assign one to the function app.");
        }
        if (Value(configuration, StorageClientId) is { } hostIdentity && Value(configuration, ClientId) is { } own
            && !string.Equals(hostIdentity, own, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{StorageClientId} ({hostIdentity}) and {ClientId} ({own}) name different identities: the host and Baton must use the same one.");
        }
        if (Value(configuration, TriggerFunctions.ScheduleSetting) is null)
        {
            problems.Add($"{TriggerFunctions.ScheduleSetting} is not set: the Timer trigger that runs workflows' schedules and queue triggers reads it, e.g. */10 * * * * * (every 10 seconds).");
        }
        try
        {
            _ = ControlPlane.Triggers.TriggerService.Interval(Value(configuration, ControlPlane.Triggers.TriggerService.IntervalSetting));
        }
        catch (FormatException ex)
        {
            problems.Add(ex.Message);
        }
        switch (Value(configuration, ContainerBinding.PlatformSetting)?.ToLowerInvariant())
        {
            case null or "docker":
                break;
            case "aci":
                if (AciSettings.Read(name => Value(configuration, name), out var aci) is null)
                {
                    problems.Add(aci!);
                }
                break;
            case var other:
                problems.Add($"{ContainerBinding.PlatformSetting} is '{other}': use docker or aci.");
                break;
        }
        // Baton's own settings, bound as the app binds them at start. With no task hub, what fails there is host.json's
        // %BATON_TASK_HUB%, which is said above already.
        try
        {
            _ = HostSettingsLoader.Bind(configuration, AppContext.BaseDirectory);
        }
        catch (Core.Definitions.DefinitionException ex)
        {
            if (Value(configuration, TaskHub) is not null)
            {
                problems.AddRange(ex.Diagnostics.Select(d => $"{d.Message} {d.Fix}"));
            }
        }
        return problems;
    }

    /// <summary>Refuses to start with a missing or inconsistent setting.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or wrong; the message names each.</exception>
    public static void Validate(IConfiguration configuration)
    {
        if (Problems(configuration) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("The function app cannot start: " + string.Join(" ", problems));
        }
    }
}
