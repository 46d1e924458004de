namespace Baton.Core.Definitions;

/// <summary>Builds and splits the dotted key paths diagnostics use.</summary>
internal static class PathText
{
    public static string Key(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    public static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }
}
