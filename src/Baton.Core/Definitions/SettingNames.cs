namespace Baton.Core.Definitions;

/// <summary>Which app settings a definition or catalog may name: never the host's own keys and connection strings, and
/// otherwise only those an allow-list names.</summary>
/// <remarks>Two lists use it: the settings a task binding may read as a secret at dispatch (an event binding's
/// <c>key_setting</c>; <see cref="SecretsAllowSetting"/>) and the environment variables a workflow may read as
/// <c>env.NAME</c> (<c>BATON_ENV_ALLOW</c>, <c>--allow-env</c>). A protected name is refused even when a list names it,
/// so a catalog uploaded with the admin key still cannot send the storage account key to a service.</remarks>
public static class SettingNames
{
    /// <summary>The app setting that lists the settings bindings may read: names, comma-separated; <c>PREFIX_*</c> allows a prefix.</summary>
    public const string SecretsAllowSetting = "BATON_SECRETS_ALLOW";

    private static readonly string[] ProtectedPrefixes =
    [
        "AzureWebJobs", "BATON_", "FUNCTIONS_", "WEBSITE_", "APPSETTING_", "APPLICATIONINSIGHTS_", "MSI_", "IDENTITY_", "AZURE_",
        "CONTAINER_APP_", "DOTNET_", "ASPNETCORE_",
    ];

    private static readonly string[] ProtectedNames = ["APPINSIGHTS_INSTRUMENTATIONKEY", "PATH", "HOME"];

    /// <summary>True for a setting that belongs to the host (its storage, keys, identity, telemetry and runtime), which no
    /// definition or catalog may ever read.</summary>
    public static bool IsProtected(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ProtectedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            || ProtectedNames.Contains(name, StringComparer.OrdinalIgnoreCase)
            || name.Contains("CONNECTIONSTRING", StringComparison.OrdinalIgnoreCase)
            || name.Contains("CONNECTION_STRING", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when <paramref name="name"/> is not protected and the comma-separated <paramref name="allowList"/>
    /// names it, exactly or by a <c>PREFIX_*</c> entry.</summary>
    public static bool IsAllowed(string name, string? allowList)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsProtected(name) || string.IsNullOrWhiteSpace(allowList))
        {
            return false;
        }
        return allowList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(entry =>
            entry.EndsWith('*') ? entry.Length > 1 && name.StartsWith(entry[..^1], StringComparison.Ordinal) : entry == name);
    }
}
