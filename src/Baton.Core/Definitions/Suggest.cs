namespace Baton.Core.Definitions;

/// <summary>Finds the nearest known word to a misspelt one, for "did you mean" hints.</summary>
/// <remarks>Case-insensitive edit distance in which swapping two neighbouring letters is one edit (so <c>inptu</c>
/// suggests <c>input</c>); a suggestion is offered only when it is close enough to be a typo.</remarks>
public static class Suggest
{
    /// <summary>How many candidates a listed hint names before it says how many more there are.</summary>
    public const int ListedCandidates = 12;

    /// <summary>The closest candidate, or null when none is near.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var lower = word.ToLowerInvariant();
        foreach (var c in candidates)
        {
            var d = Distance(lower, c.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }
        return best is not null && bestDistance <= Math.Max(1, word.Length / 3) && bestDistance < word.Length ? best : null;
    }

    /// <summary>A sentence: "Did you mean X?" or the list of candidates after <paramref name="listPrefix"/>.</summary>
    public static string Hint(string word, IEnumerable<string> candidates, string listPrefix = "Known keys") =>
        Closest(word, candidates) is { } s ? $"Did you mean '{s}'?" : Some(listPrefix, candidates);

    /// <summary>" Did you mean X?" when a candidate is near, else empty: to append to a sentence that already lists the
    /// candidates.</summary>
    /// <remarks>Starts with a space when not empty, so <c>$"Use one of: a, b.{DidYouMean(...)}"</c> reads right either way.</remarks>
    public static string DidYouMean(string word, IEnumerable<string> candidates) =>
        Closest(word, candidates) is { } s ? $" Did you mean '{s}'?" : "";

    /// <summary>"Use one of: a, b, c." and, when one is near <paramref name="word"/>, "Did you mean X?".</summary>
    public static string UseOneOf(string word, IReadOnlyCollection<string> candidates) =>
        $"Use one of: {string.Join(", ", candidates)}.{DidYouMean(word, candidates)}";

    /// <summary>"Prefix: a, b, c." naming at most <see cref="ListedCandidates"/> candidates, then how many more.</summary>
    public static string Some(string prefix, IEnumerable<string> candidates)
    {
        var all = candidates.ToList();
        var shown = string.Join(", ", all.Take(ListedCandidates));
        return all.Count > ListedCandidates ? $"{prefix}: {shown} (and {all.Count - ListedCandidates} more)." : $"{prefix}: {shown}.";
    }

    // Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > Math.Max(a.Length, b.Length) / 2 + 1)
        {
            return Math.Abs(a.Length - b.Length);
        }
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
