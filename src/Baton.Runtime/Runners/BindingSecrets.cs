using Baton.Abstractions;
using Baton.Core.Definitions;

namespace Baton.Runtime.Runners;

/// <summary>Reads a secret a binding names (an event topic's key, a database's connection string) from the app settings at
/// dispatch, only when <c>BATON_SECRETS_ALLOW</c> lets bindings read it.</summary>
/// <remarks>The one check every runner that reads a secret goes through; the value is never put into history or logs.</remarks>
internal static class BindingSecrets
{
    /// <summary>The setting's value, or the failure that ends the attempt: <c>SettingNotAllowed</c> or <c>MissingSetting</c>, neither retried.</summary>
    /// <param name="settings">Looks up app settings by name.</param>
    /// <param name="binding">The binding's name, for the message.</param>
    /// <param name="setting">The setting the binding names.</param>
    /// <param name="holds">What the setting holds, for the message ("the key", "the connection string").</param>
    public static (string? Value, TaskResult? Refused) Read(Func<string, string?> settings, string binding, string setting, string holds)
    {
        if (!SettingNames.IsAllowed(setting, settings(SettingNames.SecretsAllowSetting)))
        {
            return (null, TaskResult.Fail("SettingNotAllowed", $"'{binding}' reads the app setting '{setting}', which this host does not let bindings read: " +
                $"add it to {SettingNames.SecretsAllowSetting} (comma-separated names; PREFIX_* allows a prefix). The host's own settings are never allowed.", retryable: false));
        }
        return settings(setting) is { Length: > 0 } value ? (value, null)
            : (null, TaskResult.Fail("MissingSetting", $"The app setting '{setting}' that holds {holds} for '{binding}' is not set.", retryable: false));
    }
}
