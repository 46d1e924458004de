namespace Baton.Core.Definitions;

/// <summary>Graph facts about a definition's steps: dependency cycles and which steps are upstream of which.</summary>
/// <remarks>Every walk here is iterative and linear in steps plus dependencies, so a 20,000-step chain neither
/// overflows the stack nor builds 20,000 ancestor sets. Unknown and self dependencies are ignored; they are
/// reported separately. With duplicate ids the first step of an id stands for it.</remarks>
public sealed class StepGraph
{
    private readonly Dictionary<string, StepDefinition> _byId;
    private readonly Dictionary<string, List<string>> _dependents;
    private readonly Dictionary<string, HashSet<string>> _downstream = new(StringComparer.Ordinal);

    private StepGraph(IReadOnlyList<StepDefinition> steps)
    {
        _byId = new Dictionary<string, StepDefinition>(StringComparer.Ordinal);
        foreach (var s in steps)
        {
            _byId.TryAdd(s.Id, s);
        }
        _dependents = _byId.Keys.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var s in _byId.Values)
        {
            foreach (var dep in Dependencies(s))
            {
                _dependents[dep].Add(s.Id);
            }
        }
    }

    /// <summary>Builds the graph of a definition's steps.</summary>
    public static StepGraph Of(IReadOnlyList<StepDefinition> steps) => new(steps);

    /// <summary>Finds one dependency cycle as a list of ids that starts and ends with the same id, or null.</summary>
    /// <remarks>Peels steps whose dependencies are all peeled (Kahn); every step left over depends on another left
    /// over, so following those dependencies from any of them must come back to a step already seen.</remarks>
    public IReadOnlyList<string>? FindCycle()
    {
        var waiting = _byId.Values.ToDictionary(s => s.Id, s => Dependencies(s).Count(), StringComparer.Ordinal);
        var ready = new Queue<string>(waiting.Where(p => p.Value == 0).Select(p => p.Key));
        while (ready.TryDequeue(out var id))
        {
            waiting.Remove(id);
            foreach (var next in _dependents[id])
            {
                if (--waiting[next] == 0)
                {
                    ready.Enqueue(next);
                }
            }
        }
        if (waiting.Count == 0)
        {
            return null;
        }
        var start = _byId.Values.First(s => waiting.ContainsKey(s.Id)).Id;
        var path = new List<string>();
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        var current = start;
        while (!at.ContainsKey(current))
        {
            at[current] = path.Count;
            path.Add(current);
            current = Dependencies(_byId[current]).First(waiting.ContainsKey);
        }
        return [.. path.Skip(at[current]), current];
    }

    /// <summary>True when <paramref name="step"/> depends on <paramref name="upstream"/>, directly or through other steps.</summary>
    /// <remarks>A direct dependency answers at once; otherwise the steps downstream of <paramref name="upstream"/>
    /// are found once (one walk) and kept for the next question about the same step. Requires an acyclic graph.</remarks>
    public bool IsUpstream(string upstream, string step)
    {
        if (!_byId.TryGetValue(step, out var s) || !_byId.ContainsKey(upstream) || upstream == step)
        {
            return false;
        }
        if (s.DependsOn.Contains(upstream))
        {
            return true;
        }
        if (!_downstream.TryGetValue(upstream, out var below))
        {
            below = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>([upstream]);
            while (pending.TryPop(out var id))
            {
                foreach (var next in _dependents[id])
                {
                    if (below.Add(next))
                    {
                        pending.Push(next);
                    }
                }
            }
            _downstream[upstream] = below;
        }
        return below.Contains(step);
    }

    private IEnumerable<string> Dependencies(StepDefinition s) =>
        s.DependsOn.Where(d => d != s.Id && _byId.ContainsKey(d)).Distinct(StringComparer.Ordinal);
}
