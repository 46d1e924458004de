namespace Baton.Core.Definitions;

/// <summary>Finds the nearest known word to a misspelt one, for "did you mean" hints.</summary>
/// <remarks>Case-insensitive edit distance; a suggestion is offered only when it is close enough to be a typo.</remarks>
public static class Suggest
{
    /// <summary>The closest candidate, or null when none is near.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = Distance(word.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }
        return best is not null && bestDistance <= Math.Max(1, word.Length / 3) && bestDistance < word.Length ? best : null;
    }

    /// <summary>A sentence: "Did you mean X?" or the list of candidates.</summary>
    public static string Hint(string word, IEnumerable<string> candidates) =>
        Closest(word, candidates) is { } s ? $"Did you mean '{s}'?" : $"Known keys: {string.Join(", ", candidates)}.";

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
