using System.Text.Json.Nodes;

namespace Baton.Core.Expressions;

/// <summary>A JSON value from a definition in which every string may be a <see cref="Template"/>.</summary>
/// <remarks>Evaluation builds a fresh JSON tree; values that come from the context are copied as data and never
/// evaluated again.</remarks>
public sealed class TemplateTree
{
    private readonly JsonNode? _shape;
    private readonly Dictionary<string, Template> _templates;

    private TemplateTree(JsonNode? shape, Dictionary<string, Template> templates)
    {
        _shape = shape;
        _templates = templates;
    }

    /// <summary>Every template in the tree with the JSON path (relative, dotted) where it stands.</summary>
    public IEnumerable<(string Path, Template Template)> Templates => _templates.Select(p => (p.Key, p.Value));

    /// <summary>Parses every string in a JSON tree; throws <see cref="TemplateTreeException"/> naming the path of a bad one.</summary>
    public static TemplateTree Parse(JsonNode? node)
    {
        var (tree, errors) = ParseAll(node);
        return errors.Count > 0 ? throw errors[0] : tree;
    }

    /// <summary>Parses every string in a JSON tree and returns every bad one, for validation that reports all problems at once.</summary>
    public static (TemplateTree Tree, IReadOnlyList<TemplateTreeException> Errors) ParseAll(JsonNode? node)
    {
        var templates = new Dictionary<string, Template>(StringComparer.Ordinal);
        var errors = new List<TemplateTreeException>();
        Collect(node, "", templates, errors);
        return (new TemplateTree(node?.DeepClone(), templates), errors);
    }

    /// <summary>Evaluates every template into a new JSON tree.</summary>
    /// <remarks>A result nested deeper than <see cref="ValueLimits.MaxDepth"/> (a deep value placed inside a deep
    /// template) is refused here with a <see cref="TemplateTreeException"/>, so it is never stored or sent.</remarks>
    public JsonNode? Evaluate(EvaluationContext ctx)
    {
        var value = Build(_shape, "", ctx);
        return ValueLimits.DepthProblem(value) is { } problem ? throw new TemplateTreeException("", problem) : value;
    }

    private static void Collect(JsonNode? node, string path, Dictionary<string, Template> templates, List<TemplateTreeException> errors)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    Collect(v, path.Length == 0 ? k : $"{path}.{k}", templates, errors);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Collect(a[i], $"{path}[{i}]", templates, errors);
                }
                break;
            case JsonValue v when Values.IsString(v) && v.GetValue<string>().Contains("${", StringComparison.Ordinal):
                try
                {
                    templates[path] = Template.Parse(v.GetValue<string>());
                }
                catch (ExpressionException ex)
                {
                    errors.Add(new TemplateTreeException(path, ex));
                }
                break;
        }
    }

    private JsonNode? Build(JsonNode? node, string path, EvaluationContext ctx)
    {
        switch (node)
        {
            case JsonObject o:
                var obj = new JsonObject();
                foreach (var (k, v) in o)
                {
                    obj[k] = Build(v, path.Length == 0 ? k : $"{path}.{k}", ctx);
                }
                return obj;
            case JsonArray a:
                var arr = new JsonArray();
                for (var i = 0; i < a.Count; i++)
                {
                    arr.Add(Build(a[i], $"{path}[{i}]", ctx));
                }
                return arr;
            default:
                if (_templates.TryGetValue(path, out var t))
                {
                    try
                    {
                        return t.Evaluate(ctx);
                    }
                    catch (ExpressionException ex)
                    {
                        throw new TemplateTreeException(path, ex);
                    }
                }
                return node?.DeepClone();
        }
    }
}
