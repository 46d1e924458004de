namespace Baton.Core.Expressions;

/// <summary>How a step condition is written: either a template or a bare expression.</summary>
public static class Conditions
{
    /// <summary>Turns a condition into a template: a bare expression is wrapped in <c>${ }</c>.</summary>
    public static string ToTemplate(string condition) =>
        condition.Contains("${", StringComparison.Ordinal) ? condition : "${" + condition + "}";
}
