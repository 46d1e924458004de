namespace Baton.Testing;

/// <summary>Locates the repository from a test's output folder.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding Functions.sln.</summary>
    public static string Root { get; } = Find();

    /// <summary>Every file of that name under examples/, as paths relative to <see cref="Root"/>, in order.</summary>
    public static IEnumerable<string> Examples(string fileName) =>
        Directory.GetFiles(Path.Combine(Root, "examples"), fileName, SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal);

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Functions.sln not found above the test directory.");
    }
}
