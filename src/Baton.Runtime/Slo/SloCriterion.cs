using System.Globalization;
using System.Text.RegularExpressions;

namespace Baton.Runtime.Slo;

/// <summary>One criterion of an objective, such as <c>&lt;=800</c> (fixed) or <c>&lt;=+10%</c> (relative to earlier
/// results), read exactly as Keptn's lighthouse reads it.</summary>
/// <remarks>Spaces are removed first. A criterion is relative when it has a sign or a <c>%</c>: <c>&lt;5</c> is the
/// fixed target 5, <c>&lt;+5</c> is the earlier value plus 5, <c>&lt;5%</c> and <c>&lt;+5%</c> are the earlier value
/// times 1.05, <c>&lt;-5</c> is the earlier value minus 5 (so a negative fixed target cannot be written, as in Keptn).
/// A relative target is <c>(earlier * (100 ± x)) / 100</c> or <c>earlier ± x</c>, in that operation order.</remarks>
public sealed partial record SloCriterion(string Text, string Operator, double Amount, bool Relative, bool Percent, bool Increase)
{
    [GeneratedRegex(@"^[<|=>]{1,2}[+|-]?\d*\.?\d*%?", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    private static readonly string[] Operators = ["<=", "<", "=", ">=", ">"];

    /// <summary>Reads a criterion; throws <see cref="SloException"/> (with <paramref name="path"/>) when it is not one.</summary>
    public static SloCriterion Parse(string text, string path)
    {
        var s = text.Replace(" ", "", StringComparison.Ordinal);
        if (!Shape().IsMatch(s))
        {
            throw new SloException(path, $"'{text}' is not a criterion. Write an operator (<, <=, =, >=, >) and a number: '<=800' (fixed), '<=+10%' or '<+50' (relative to earlier results).");
        }
        var op = Operators.FirstOrDefault(o => s.StartsWith(o, StringComparison.Ordinal))
            ?? throw new SloException(path, $"'{text}' does not start with an operator. Use one of <, <=, =, >=, >.");
        s = s[op.Length..];
        bool relative = false, percent = false, increase = false;
        if (s.EndsWith('%'))
        {
            relative = percent = increase = true;
            s = s[..^1];
        }
        if (s.StartsWith('-'))
        {
            relative = true;
            increase = false;
            s = s[1..];
        }
        else if (s.StartsWith('+'))
        {
            relative = increase = true;
            s = s[1..];
        }
        if (s.Length == 0 || !(char.IsAsciiDigit(s[0]) || s[0] == '.')
            || !double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            throw new SloException(path, $"'{text}' has no number after its operator. Write the target as a plain number, such as '<=800', '<=+10%' or '>=-5%'.");
        }
        return new SloCriterion(text, op, amount, relative, percent, increase);
    }

    /// <summary>The value a measurement is compared with, given the aggregate of earlier results (null: none usable).</summary>
    /// <remarks>A relative criterion without earlier results has no target; Keptn reports it as 0 and lets it pass.</remarks>
    public double? Target(double? earlier)
    {
        if (!Relative)
        {
            return Amount;
        }
        if (earlier is not { } e)
        {
            return null;
        }
        if (Percent)
        {
            return Increase ? e * (100.0 + Amount) / 100.0 : e * (100.0 - Amount) / 100.0;
        }
        return Increase ? e + Amount : e - Amount;
    }

    /// <summary>Whether a measurement meets this criterion; a relative one with nothing to compare with is met.</summary>
    public bool IsMet(double value, double? target) => target is not { } t || Operator switch
    {
        "<" => value < t,
        "<=" => value <= t,
        "=" => value == t,
        ">=" => value >= t,
        _ => value > t,
    };
}
