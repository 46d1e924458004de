using System.Reflection;
using System.Runtime.Loader;

namespace Baton.Runtime.Plugins;

/// <summary>The load context of one plugin folder: the plugin's own assemblies and dependencies load here, isolated from the
/// host's and other plugins'; the contract assembly and the shared framework come from the host, so types match.</summary>
internal sealed class PluginLoadContext(string mainAssembly) : AssemblyLoadContext($"baton-plugin:{Path.GetFileName(Path.GetDirectoryName(mainAssembly))}")
{
    private readonly AssemblyDependencyResolver _resolver = new(mainAssembly);

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name == typeof(Baton.Plugins.ITaskPlugin).Assembly.GetName().Name)
        {
            return null;
        }
        return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
