namespace Baton.Bench;

/// <summary>Writes a measured table between its markers (<c>&lt;!-- NAME:begin --&gt;</c> and <c>&lt;!-- NAME:end --&gt;</c>) in docs/performance.md.</summary>
internal static class Recorder
{
    public static void Record(string doc, string name, string table)
    {
        var text = File.ReadAllText(doc);
        string begin = $"<!-- {name}:begin -->", end = $"<!-- {name}:end -->";
        var i = text.IndexOf(begin, StringComparison.Ordinal);
        var j = text.IndexOf(end, StringComparison.Ordinal);
        if (i >= 0 && j > i)
        {
            File.WriteAllText(doc, text[..(i + begin.Length)] + "\n" + table + text[j..]);
            Console.Error.WriteLine($"recorded in {doc}");
        }
    }
}
