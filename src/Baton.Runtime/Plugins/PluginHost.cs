using System.Collections.Concurrent;
using System.Reflection;
using Baton.Plugins;
using Microsoft.Extensions.Logging;

namespace Baton.Runtime.Plugins;

/// <summary>The task-runner plugins a host loaded from its plugin folder (the app setting <c>BATON_PLUGINS</c>).</summary>
/// <remarks>Each subfolder is one plugin package: the output of building a plugin project (its assembly beside its
/// <c>.deps.json</c>, and its dependencies), loaded into a load context of its own. Every public, concrete class with a
/// parameterless constructor that implements <see cref="ITaskPlugin"/> is a plugin. A package built against another major
/// version of the contract, or a newer minor one, is refused; so is one that fails to load, a plugin whose constructor
/// throws, and a second plugin of a name already loaded: each with a reason in <see cref="Problems"/> and the log, never
/// stopping the host or the other plugins.</remarks>
public sealed class PluginHost
{
    /// <summary>The app setting naming the plugin folder.</summary>
    public const string FolderSetting = "BATON_PLUGINS";

    private static readonly ConcurrentDictionary<string, Lazy<PluginHost>> Loaded = new(StringComparer.Ordinal);

    private PluginHost(IReadOnlyDictionary<string, ITaskPlugin> plugins, IReadOnlyList<string> problems)
    {
        Plugins = plugins;
        Problems = problems;
    }

    /// <summary>The plugins, by name.</summary>
    public IReadOnlyDictionary<string, ITaskPlugin> Plugins { get; }

    /// <summary>Why packages or plugins were refused, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>A host with no plugins.</summary>
    public static PluginHost None { get; } = new(new Dictionary<string, ITaskPlugin>(), []);

    /// <summary>The plugins of the folder the setting names, loaded once per folder and process; <see cref="None"/> when unset.</summary>
    public static PluginHost From(Func<string, string?> appSetting, ILoggerFactory logging)
    {
        ArgumentNullException.ThrowIfNull(appSetting);
        ArgumentNullException.ThrowIfNull(logging);
        return appSetting(FolderSetting) is { Length: > 0 } folder
            ? Loaded.GetOrAdd(Path.GetFullPath(folder), f => new Lazy<PluginHost>(() => Load(f, logging.CreateLogger("Baton.Plugins")))).Value
            : None;
    }

    private static PluginHost Load(string folder, ILogger logger)
    {
        var plugins = new Dictionary<string, ITaskPlugin>(StringComparer.Ordinal);
        var problems = new List<string>();
        if (!Directory.Exists(folder))
        {
            problems.Add($"The plugin folder '{folder}' ({FolderSetting}) does not exist.");
        }
        foreach (var package in Directory.Exists(folder) ? [.. Directory.GetDirectories(folder).Order(StringComparer.Ordinal)] : Array.Empty<string>())
        {
            foreach (var main in Directory.GetFiles(package, "*.deps.json").Select(d => d[..^".deps.json".Length] + ".dll").Where(File.Exists))
            {
                LoadPackage(main, plugins, problems);
            }
        }
        foreach (var problem in problems)
        {
            logger.LogWarning("Plugin refused: {Problem}", problem);
        }
        return new PluginHost(plugins, problems);
    }

    private static void LoadPackage(string main, Dictionary<string, ITaskPlugin> plugins, List<string> problems)
    {
        Type[] types;
        try
        {
            var assembly = new PluginLoadContext(main).LoadFromAssemblyPath(main);
            if (ContractProblem(assembly) is { } contract)
            {
                problems.Add($"{Path.GetFileName(main)}: {contract}");
                return;
            }
            types = assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException or TypeLoadException)
        {
            problems.Add($"{Path.GetFileName(main)} could not be loaded: {ex.Message}");
            return;
        }
        foreach (var type in types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITaskPlugin).IsAssignableFrom(t)))
        {
            try
            {
                var plugin = (ITaskPlugin)Activator.CreateInstance(type)!;
                if (!Catalog.TaskBinding.IsPoolName(plugin.Name))
                {
                    problems.Add($"{type.FullName}: '{plugin.Name}' is not a plugin name (lowercase letters, digits and '-', starting with a letter).");
                }
                else if (!plugins.TryAdd(plugin.Name, plugin))
                {
                    problems.Add($"{type.FullName}: a plugin named '{plugin.Name}' is loaded already.");
                }
            }
#pragma warning disable CA1031 // Whatever a plugin's constructor throws refuses that plugin, never the host.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                problems.Add($"{type.FullName} could not be made: {(ex is TargetInvocationException { InnerException: { } inner } ? inner.Message : ex.Message)}");
            }
        }
    }

    /// <summary>Why the assembly's contract version does not fit this host's, or null when it does (same major, minor not newer).</summary>
    private static string? ContractProblem(Assembly assembly)
    {
        var host = typeof(ITaskPlugin).Assembly.GetName();
        var built = assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == host.Name);
        if (built?.Version is not { } version)
        {
            return $"it does not reference {host.Name}, so it holds no plugin.";
        }
        return version.Major != host.Version!.Major || version.Minor > host.Version.Minor
            ? $"it was built against {host.Name} {version.ToString(2)}, and this host has {host.Version.ToString(2)}: rebuild it against {host.Version.Major}.x."
            : null;
    }
}
