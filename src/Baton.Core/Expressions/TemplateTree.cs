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
        var templates = new Dictionary<string, Template>(StringComparer.Ordinal);
        Collect(node, "", templates);
        return new TemplateTree(node?.DeepClone(), templates);
    }

    /// <summary>Evaluates every template into a new JSON tree.</summary>
    public JsonNode? Evaluate(EvaluationContext ctx) => Build(_shape, "", ctx);

    private static void Collect(JsonNode? node, string path, Dictionary<string, Template> templates)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    Collect(v, path.Length == 0 ? k : $"{path}.{k}", templates);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Collect(a[i], $"{path}[{i}]", templates);
                }
                break;
            case JsonValue v when Values.IsString(v) && v.GetValue<string>().Contains("${", StringComparison.Ordinal):
                try
                {
                    templates[path] = Template.Parse(v.GetValue<string>());
                }
                catch (ExpressionException ex)
                {
                    throw new TemplateTreeException(path, ex);
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

/// <summary>An expression error inside a template tree, with the path of the string that held it.</summary>
public sealed class TemplateTreeException(string path, ExpressionException inner)
    : Exception(path.Length == 0 ? inner.Message : $"{path}: {inner.Message}", inner)
{
    /// <summary>The dotted path of the failing string inside the tree.</summary>
    public string Path { get; } = path;

    /// <summary>The expression error itself.</summary>
    public ExpressionException Error { get; } = inner;
}
