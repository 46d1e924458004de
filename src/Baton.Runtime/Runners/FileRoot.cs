namespace Baton.Runtime.Runners;

/// <summary>Confines the paths a file task is given to the folder its binding names.</summary>
/// <remarks>A path is refused when it is absolute, empty where a file is meant, holds a NUL, climbs with <c>..</c>, or
/// passes through a symbolic link anywhere below the root (the root itself may be a link: the catalog's author chose it).
/// The check runs just before each operation; a link swapped in between the check and the operation by someone who can
/// already write under the root is outside what it guards.</remarks>
internal sealed class FileRoot(string root)
{
    /// <summary>The root's full path.</summary>
    public string Path { get; } = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(root));

    /// <summary>The full path <paramref name="relative"/> names under the root, or a reason it is refused.</summary>
    /// <param name="relative">The path as the workflow gave it, with <c>/</c> (or <c>\</c>) between folders.</param>
    /// <param name="allowRoot">Whether an empty path or <c>.</c> may name the root itself (a list of the whole root).</param>
    public (string? Full, string? Refusal) Resolve(string relative, bool allowRoot)
    {
        if (relative.Contains('\0', StringComparison.Ordinal))
        {
            return (null, "it holds a NUL character");
        }
        if (System.IO.Path.IsPathRooted(relative) || relative.StartsWith('/') || relative.StartsWith('\\'))
        {
            return (null, "it is absolute; give a path relative to the task's root");
        }
        var segments = relative.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains(".."))
        {
            return (null, "it climbs out of a folder with '..'");
        }
        if (segments.Length == 0)
        {
            return allowRoot ? (Path, null) : (null, "it names no file");
        }
        var current = Path;
        foreach (var segment in segments)
        {
            current = System.IO.Path.Join(current, segment);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                return (null, $"it passes through the symbolic link '{System.IO.Path.GetRelativePath(Path, current)}'");
            }
        }
        var full = System.IO.Path.GetFullPath(current);
        return full.StartsWith(Path + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) ? (full, null) : (null, "it leaves the task's root");
    }

    /// <summary>The path as a workflow sees it: relative to the root, with '/' between folders.</summary>
    public string Show(string full) => System.IO.Path.GetRelativePath(Path, full).Replace('\\', '/');
}
