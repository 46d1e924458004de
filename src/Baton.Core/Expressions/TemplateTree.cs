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

/// <summary>An expression error inside a template tree, with the path of the string that held it.</summary>
public sealed class TemplateTreeException : Exception
{
    /// <summary>An expression at <paramref name="path"/> could not be parsed or evaluated.</summary>
    public TemplateTreeException(string path, ExpressionException inner)
        : base(path.Length == 0 ? inner.Message : $"{path}: {inner.Message}", inner)
    {
        Path = path;
        Error = inner;
        Reason = inner.Message;
    }

    /// <summary>The tree's value as a whole broke a rule (such as the depth limit).</summary>
    public TemplateTreeException(string path, string reason)
        : base(path.Length == 0 ? reason : $"{path}: {reason}")
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The dotted path of the failing string inside the tree; empty for the tree as a whole.</summary>
    public string Path { get; }

    /// <summary>What went wrong, without the path.</summary>
    public string Reason { get; }

    /// <summary>The expression error itself; null when the value as a whole broke a rule.</summary>
    public ExpressionException? Error { get; }

    /// <summary>The message placed under the tree's own path in the definition, e.g. <c>input.text: ...</c>.</summary>
    public string Under(string prefix) => Path.Length == 0 ? $"{prefix}: {Reason}" : $"{prefix}.{Message}";
}
