namespace Baton.Testing;

/// <summary>A plugin folder as a host's <c>BATON_PLUGINS</c> names it, made once per test process from what the solution's build
/// wrote: the sample plugin (examples/plugins/word-count) and the misbehaving test plugins (tests/Baton.TestPlugins), each in a
/// subfolder of its own.</summary>
public static class PluginFolders
{
    private static readonly Lazy<string> Made = new(Make);

    /// <summary>The folder's full path.</summary>
    public static string Path => Made.Value;

    private static string Make()
    {
        var configuration = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar))!);
        var folder = Directory.CreateTempSubdirectory("baton-plugins-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The loaded plugins' files may still be mapped; the OS cleans temp space.
            }
        };
        foreach (var (name, project) in new[] { ("word-count", "examples/plugins/word-count"), ("test-plugins", "tests/Baton.TestPlugins") })
        {
            var output = System.IO.Path.Combine(RepoPaths.Root, project, "bin", configuration, "net10.0");
            if (!Directory.Exists(output))
            {
                throw new InvalidOperationException($"{project} is not built ({output} is missing): build Functions.sln first.");
            }
            var target = Directory.CreateDirectory(System.IO.Path.Combine(folder, name)).FullName;
            foreach (var file in Directory.GetFiles(output))
            {
                File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
            }
        }
        return folder;
    }
}
