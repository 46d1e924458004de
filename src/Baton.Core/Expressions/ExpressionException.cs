namespace Baton.Core.Expressions;

/// <summary>Thrown when an expression cannot be parsed or evaluated; names the expression and the position.</summary>
/// <remarks><see cref="Position"/> is a 0-based offset into <see cref="Expression"/>.</remarks>
public sealed class ExpressionException(string reason, string expression, int position)
    : Exception($"{reason} in '${{{expression}}}' at column {position + 1}")
{
    /// <summary>What went wrong, without the position.</summary>
    public string Reason { get; } = reason;

    /// <summary>The expression text, without the surrounding <c>${ }</c>.</summary>
    public string Expression { get; } = expression;

    /// <summary>Offset of the problem in <see cref="Expression"/>.</summary>
    public int Position { get; } = position;
}
