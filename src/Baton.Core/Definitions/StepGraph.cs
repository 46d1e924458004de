namespace Baton.Core.Definitions;

/// <summary>Graph facts about a definition's steps: dependency cycles and the upstream set of each step.</summary>
public static class StepGraph
{
    /// <summary>Finds one dependency cycle as a list of ids that starts and ends with the same id, or null.</summary>
    /// <remarks>Unknown dependency ids are ignored here; they are reported separately.</remarks>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyList<StepDefinition> steps)
    {
        var byId = steps.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        var state = new Dictionary<string, int>();
        var stack = new List<string>();
        foreach (var s in steps)
        {
            if (Visit(s.Id) is { } cycle)
            {
                return cycle;
            }
        }
        return null;

        List<string>? Visit(string id)
        {
            state.TryGetValue(id, out var st);
            if (st == 2)
            {
                return null;
            }
            if (st == 1)
            {
                var from = stack.IndexOf(id);
                return [.. stack.Skip(from), id];
            }
            state[id] = 1;
            stack.Add(id);
            foreach (var dep in byId[id].DependsOn.Where(byId.ContainsKey))
            {
                if (Visit(dep) is { } c)
                {
                    return c;
                }
            }
            stack.RemoveAt(stack.Count - 1);
            state[id] = 2;
            return null;
        }
    }

    /// <summary>Maps each step id to every step it transitively depends on.</summary>
    /// <remarks>Requires an acyclic graph.</remarks>
    public static IReadOnlyDictionary<string, HashSet<string>> Ancestors(IReadOnlyList<StepDefinition> steps)
    {
        var byId = steps.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        var result = new Dictionary<string, HashSet<string>>();
        foreach (var s in steps)
        {
            Collect(s.Id);
        }
        return result;

        HashSet<string> Collect(string id)
        {
            if (result.TryGetValue(id, out var done))
            {
                return done;
            }
            var set = new HashSet<string>(StringComparer.Ordinal);
            result[id] = set;
            foreach (var dep in byId[id].DependsOn.Where(byId.ContainsKey))
            {
                set.Add(dep);
                set.UnionWith(Collect(dep));
            }
            return set;
        }
    }
}
