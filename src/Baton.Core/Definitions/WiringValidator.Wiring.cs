using System.Text;
using System.Text.Json.Nodes;
using Baton.Core.Expressions;

namespace Baton.Core.Definitions;

internal static partial class WiringValidator
{
    /// <summary>The contracts one definition is checked against: each task step's output schema and the workflow's input schema.</summary>
    private sealed partial class Wiring(Dictionary<string, (string Task, JsonNode Schema)> outputs, JsonNode? inputSchema, DiagnosticSink sink)
    {
        private static readonly string[] Comparisons = ["==", "!=", "<", "<=", ">", ">=", "&&", "||"];
        private static readonly string[] Arithmetic = ["-", "*", "/", "%"];

        /// <summary>Reports each path read from a contract's output (or the workflow's input) that cannot exist.</summary>
        public void CheckReads(Expr expr, string text, string path)
        {
            if (Chain(expr) is { } chain)
            {
                if (Walk(chain).Problem is { } problem)
                {
                    var (what, fix) = chain.Root == "input"
                        ? ("the workflow's input schema", "Read a field the workflow's input schema (spec.input.schema) allows, or add it there.")
                        : ($"the output schema of task '{outputs[chain.StepId!].Task}'", $"Read a field the output schema of task '{outputs[chain.StepId!].Task}' lists, or add it to that schema in the catalog.");
                    sink.Add("BTN093", path, $"'${{{text}}}' reads {chain.Shown(problem.At)}, which cannot exist: by {what}, {problem.Reason}.", fix);
                }
                foreach (var index in chain.Dynamic)
                {
                    CheckReads(index, text, path);
                }
                return;
            }
            foreach (var child in References.Children(expr))
            {
                CheckReads(child, text, path);
            }
        }

        /// <summary>What is known of the value an expression gives: a schema, or null when nothing is.</summary>
        public JsonNode? Infer(Expr expr) => expr switch
        {
            LiteralExpr l => ContractSchema.OfType(ContractSchema.TypeOf(l.Value)),
            ListExpr => ContractSchema.OfType("array"),
            UnaryExpr { Op: "!" } => ContractSchema.OfType("boolean"),
            UnaryExpr { Op: "-" } => ContractSchema.OfType("number"),
            BinaryExpr b when Comparisons.Contains(b.Op) => ContractSchema.OfType("boolean"),
            BinaryExpr b when Arithmetic.Contains(b.Op) => ContractSchema.OfType("number"),
            _ when Chain(expr) is { } chain => Walk(chain) is { Problem: null } end ? end.Schema : null,
            _ => null,
        };

        private (JsonNode? Schema, (int At, string Reason)? Problem) Walk(PathChain chain)
        {
            JsonNode? schema;
            int first;
            bool closed;
            if (chain.Root == "input" && inputSchema is not null)
            {
                (schema, first, closed) = (inputSchema, 0, false);
            }
            else if (chain.StepId is { } id && outputs.TryGetValue(id, out var output) && chain.Segments is [_, "output", ..])
            {
                (schema, first, closed) = (output.Schema, 2, true);
            }
            else
            {
                return (null, null);
            }
            for (var i = first; i < chain.Segments.Count && schema is not null; i++)
            {
                var step = chain.Segments[i] switch
                {
                    string name => ContractSchema.Field(schema, name, closed),
                    int index => ContractSchema.Item(schema, index),
                    _ => ContractSchema.Types(schema) is { } t && t.Contains("array") && !t.Contains("object") ? ContractSchema.Item(schema, null) : default,
                };
                if (step.Problem is { } problem)
                {
                    return (null, (i, problem));
                }
                schema = step.Schema;
            }
            return (schema, null);
        }

        /// <summary>A path of fields and indexes from a root name: <c>steps.a.output.items[0].name</c>.</summary>
        private sealed record PathChain(string Root, IReadOnlyList<object?> Segments, IReadOnlyList<Expr> Dynamic)
        {
            public string? StepId => Root == "steps" && Segments is [string id, ..] ? id : null;

            /// <summary>The chain up to and including segment <paramref name="at"/>, as written in an expression.</summary>
            public string Shown(int at)
            {
                var text = new StringBuilder(Root);
                foreach (var segment in Segments.Take(at + 1))
                {
                    text.Append(segment switch { string s => "." + s, int i => $"[{i}]", _ => "[...]" });
                }
                return text.ToString();
            }
        }

        private static PathChain? Chain(Expr expr)
        {
            var segments = new List<object?>();
            var dynamic = new List<Expr>();
            for (var e = expr; ;)
            {
                switch (e)
                {
                    case MemberExpr m:
                        segments.Add(m.Name);
                        e = m.Target;
                        break;
                    case IndexExpr { Index: LiteralExpr { Value: JsonValue v } } ix:
                        segments.Add(Values.IsString(v) ? v.GetValue<string>() : Values.AsNumber(v) is { } n && n == Math.Floor(n) && n is >= 0 and < int.MaxValue ? (int)n : null);
                        e = ix.Target;
                        break;
                    case IndexExpr ix:
                        segments.Add(null);
                        dynamic.Add(ix.Index);
                        e = ix.Target;
                        break;
                    case NameExpr root when segments.Count > 0:
                        segments.Reverse();
                        return new PathChain(root.Name, segments, dynamic);
                    default:
                        return null;
                }
            }
        }
    }
}
