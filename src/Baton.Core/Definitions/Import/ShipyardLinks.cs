using static Baton.Core.Definitions.Import.ShipyardImporter;

namespace Baton.Core.Definitions.Import;

/// <summary>The checks of a shipyard's <c>triggeredOn</c> links: each names a sequence's finish, none forms a loop, and one
/// run cannot start more than <see cref="ShipyardImporter.MaxRunsPerTrigger"/> runs through them.</summary>
internal static class ShipyardLinks
{
    /// <summary>Refuses links to sequences that do not exist and links that form a loop.</summary>
    public static void Check(List<Sequence> sequences, ImportBuilder b)
    {
        var byName = sequences.GroupBy(s => s.Workflow, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var s in sequences)
        {
            foreach (var link in s.Links)
            {
                var source = link.Event.EndsWith(".finished", StringComparison.Ordinal) ? link.Event[..^".finished".Length] : null;
                if (source is null || !byName.ContainsKey(source))
                {
                    b.Error("BTN075", PathText.Key(link.Path, "event"), $"'{link.Event}' is not the finish of a sequence in this shipyard.",
                        $"Write '<stage>.<sequence>.finished' naming one of: {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))}.");
                }
            }
        }
        // Loops are looked for even when the file has other problems, so every problem is reported at once (a link to an
        // unknown sequence follows nothing, so it cannot hide or make one).
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in sequences)
        {
            if (LoopFrom(s.Workflow, sequences, [], done) is { } loop)
            {
                b.Error("BTN086", s.Links.Count > 0 ? PathText.Key(s.Links[0].Path, "event") : s.Path,
                    $"The triggeredOn links form a loop: {string.Join(" -> ", loop)}.",
                    "Remove a link so every chain of sequences ends. To retry until an evaluation passes, use a Baton 'loop' step with max_iterations.");
                return;
            }
        }
        // Each link starts a run of its sequence, which starts its own links: count the runs one trigger can cause.
        var runs = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var s in sequences)
        {
            if (Runs(s.Workflow, sequences, runs) > MaxRunsPerTrigger)
            {
                b.Error("BTN087", s.Path, $"One run of '{s.Workflow}' would start more than {MaxRunsPerTrigger} sequence runs through its triggeredOn links.",
                    "Link fewer sequences to each other's finish; a chain of stages links each stage to the one before it.");
                return;
            }
        }
    }


    private static long Runs(string workflow, List<Sequence> sequences, Dictionary<string, long> memo)
    {
        if (memo.TryGetValue(workflow, out var known))
        {
            return known;
        }
        var total = 1L;
        foreach (var follower in Followers(workflow, sequences))
        {
            total += follower.Links.Count(l => l.After(workflow)) * Runs(follower.Workflow, sequences, memo);
            total = Math.Min(total, MaxRunsPerTrigger + 1L);
        }
        memo[workflow] = total;
        return total;
    }

    public static IReadOnlyList<Sequence> Followers(string workflow, List<Sequence> sequences) =>
        sequences.Where(s => s.Links.Any(l => l.After(workflow))).ToList();

    /// <summary>A loop reachable from <paramref name="workflow"/>, or null; sequences in <paramref name="done"/> are
    /// known to reach no loop and are not walked again, so a shipyard with many links is checked in linear time.</summary>
    private static List<string>? LoopFrom(string workflow, List<Sequence> sequences, List<string> chain, HashSet<string> done)
    {
        if (chain.Contains(workflow, StringComparer.Ordinal))
        {
            return [.. chain.SkipWhile(c => c != workflow), workflow];
        }
        if (done.Contains(workflow))
        {
            return null;
        }
        chain.Add(workflow);
        foreach (var next in Followers(workflow, sequences))
        {
            if (LoopFrom(next.Workflow, sequences, chain, done) is { } loop)
            {
                return loop;
            }
        }
        chain.RemoveAt(chain.Count - 1);
        done.Add(workflow);
        return null;
    }
}
