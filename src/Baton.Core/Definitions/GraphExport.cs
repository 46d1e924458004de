using System.Text;

namespace Baton.Core.Definitions;

/// <summary>Draws a workflow's step graph as Mermaid or Graphviz DOT text.</summary>
/// <remarks>Nodes show the step id and what it runs; conditional steps are drawn as decisions (Mermaid) or
/// diamonds (DOT) and labelled with their condition. The saga's compensation steps are drawn apart (a Mermaid subgraph, a
/// DOT cluster), each joined to the step it undoes by a dashed "undo" edge.</remarks>
public static class GraphExport
{
    /// <summary>A Mermaid flowchart, top to bottom.</summary>
    public static string Mermaid(WorkflowDefinition definition)
    {
        var sb = new StringBuilder("flowchart TD\n");
        foreach (var s in definition.Steps)
        {
            var label = Escape($"{s.Id}\n{What(s)}" + (s.Condition is { } c ? $"\nif {c}" : ""), mermaid: true);
            sb.Append(s.Condition is null ? $"  {NodeId(s.Id)}[\"{label}\"]\n" : $"  {NodeId(s.Id)}{{\"{label}\"}}\n");
        }
        foreach (var s in definition.Steps)
        {
            foreach (var d in s.DependsOn)
            {
                sb.Append($"  {NodeId(d)} --> {NodeId(s.Id)}\n");
            }
        }
        if (!definition.Compensation.IsEmpty)
        {
            sb.Append("  subgraph compensation [\"compensation\"]\n");
            foreach (var c in definition.Compensation)
            {
                sb.Append($"    {NodeId(c.Id)}[\"{Escape($"{c.Id}\n{What(c)}", mermaid: true)}\"]\n");
            }
            sb.Append("  end\n");
            foreach (var c in definition.Compensation.Where(c => c.Undoes is not null))
            {
                sb.Append($"  {NodeId(c.Undoes!)} -. undo .-> {NodeId(c.Id)}\n");
            }
        }
        return sb.ToString();
    }

    /// <summary>A Graphviz digraph.</summary>
    public static string Dot(WorkflowDefinition definition)
    {
        var sb = new StringBuilder($"digraph \"{Escape(definition.Metadata.Name, mermaid: false)}\" {{\n  rankdir=TB;\n  node [shape=box, style=rounded];\n");
        foreach (var s in definition.Steps)
        {
            var label = Escape($"{s.Id}\n{What(s)}" + (s.Condition is { } c ? $"\nif {c}" : ""), mermaid: false);
            sb.Append($"  \"{Escape(s.Id, false)}\" [label=\"{label}\"{(s.Condition is null ? "" : ", shape=diamond")}];\n");
        }
        foreach (var s in definition.Steps)
        {
            foreach (var d in s.DependsOn)
            {
                sb.Append($"  \"{Escape(d, false)}\" -> \"{Escape(s.Id, false)}\";\n");
            }
        }
        if (!definition.Compensation.IsEmpty)
        {
            sb.Append("  subgraph cluster_compensation {\n    label=\"compensation\";\n    style=dashed;\n");
            foreach (var c in definition.Compensation)
            {
                sb.Append($"    \"{Escape(c.Id, false)}\" [label=\"{Escape($"{c.Id}\n{What(c)}", mermaid: false)}\"];\n");
            }
            sb.Append("  }\n");
            foreach (var c in definition.Compensation.Where(c => c.Undoes is not null))
            {
                sb.Append($"  \"{Escape(c.Undoes!, false)}\" -> \"{Escape(c.Id, false)}\" [style=dashed, label=\"undo\"];\n");
            }
        }
        return sb.Append("}\n").ToString();
    }

    private static string What(StepDefinition s) => s.Type switch
    {
        StepType.Task => $"task: {s.Task}",
        StepType.Wait => s.WaitDuration is { } d ? $"wait {Duration.Format(d)}" : $"wait until {s.WaitUntil}",
        _ => ObjectReader.SnakeCase(s.Type.ToString()),
    };

    private static string NodeId(string id) => "s_" + id.Replace('-', '_');

    private static string Escape(string text, bool mermaid) => mermaid
        ? text.Replace("\"", "#quot;", StringComparison.Ordinal).Replace("\n", "<br/>", StringComparison.Ordinal)
        : text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
