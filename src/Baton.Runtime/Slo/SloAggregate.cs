using System.Globalization;

namespace Baton.Runtime.Slo;

/// <summary>Combines earlier SLI values into the one a relative criterion compares with: the mean or a percentile.</summary>
/// <remarks>Percentiles are Keptn's: sorted ascending, position <c>p * (n + 1)</c>, linear interpolation between the
/// neighbours, the smallest value below position 1 and the largest at or past position n.</remarks>
public static class SloAggregate
{
    /// <summary>The fraction a percentile name stands for (<c>p90</c> is 0.9), or null when the name is not one.</summary>
    public static double? Percentile(string name) =>
        name.Length > 1 && name[0] == 'p' && char.IsAsciiDigit(name[1])
        && double.TryParse(name.AsSpan(1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p) && p > 0 && p < 100
            ? p / 100.0
            : null;

    /// <summary>Aggregates the values (at least one) with <c>avg</c> or a percentile name.</summary>
    public static double Apply(IReadOnlyList<double> values, string function)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("Nothing to aggregate.", nameof(values));
        }
        if (function == "avg")
        {
            var sum = 0.0;
            foreach (var v in values)
            {
                sum += v;
            }
            return sum / values.Count;
        }
        var p = Percentile(function) ?? throw new ArgumentException($"'{function}' is not avg or a percentile.", nameof(function));
        var sorted = values.Order().ToArray();
        var pos = p * (sorted.Length + 1);
        if (pos < 1)
        {
            return sorted[0];
        }
        if (pos >= sorted.Length)
        {
            return sorted[^1];
        }
        var lower = sorted[(int)pos - 1];
        var upper = sorted[(int)pos];
        return lower + (pos - Math.Floor(pos)) * (upper - lower);
    }
}
