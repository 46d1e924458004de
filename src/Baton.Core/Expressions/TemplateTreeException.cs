namespace Baton.Core.Expressions;

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
