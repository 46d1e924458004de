using System.Collections;
using Baton.Core.Definitions;
using Baton.Runtime.Composition;
using Baton.Runtime.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Cli;

/// <summary>The function-app settings of the current folder (host.json, local.settings.json, environment), loaded once.</summary>
internal static class CliSettings
{
    private static readonly Lazy<HostSettings> Loaded = new(Load);
    private static readonly Lazy<BatonContext> Composed = new(() => BatonServices.Context(Current,
        LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning))));

    public static HostSettings Current => Loaded.Value;

    /// <summary>What every part a command builds is composed with (clock, ids, functions, app settings, warnings to stderr).</summary>
    public static BatonContext Context => Composed.Value;

    /// <summary>The database to use: the --db option, else the settings' database.</summary>
    public static string Database(string? option) => option ?? Current.Database;

    private static HostSettings Load()
    {
        var env = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        try
        {
            return HostSettingsLoader.Load(Environment.CurrentDirectory, env);
        }
        catch (DefinitionException e)
        {
            throw new CliError("The function-app settings (host.json, local.settings.json or BATON_* variables) are invalid.",
                ExitCodes.InvalidInput, [.. e.Diagnostics.Select(d => d.ToString())]);
        }
    }
}
