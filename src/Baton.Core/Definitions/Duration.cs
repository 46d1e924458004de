using System.Globalization;
using System.Text.RegularExpressions;

namespace Baton.Core.Definitions;

/// <summary>Parses the duration strings definitions use: <c>500ms</c>, <c>5s</c>, <c>30m</c>, <c>24h</c>, <c>7d</c>, <c>1h30m</c>.</summary>
/// <remarks>Units are ms, s, m, h, d; parts must run from larger to smaller units; a bare number is rejected so
/// that "5" is never silently read as seconds or milliseconds.</remarks>
public static partial class Duration
{
    /// <summary>Tries to parse a duration; false for anything not of the documented form.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var matches = Part().Matches(text.Trim());
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text.Trim())
        {
            return false;
        }
        var lastRank = int.MaxValue;
        foreach (Match m in matches)
        {
            var rank = Rank(m.Groups[2].Value);
            if (rank >= lastRank)
            {
                return false;
            }
            lastRank = rank;
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            value += m.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
        }
        return true;
    }

    /// <summary>Formats a duration in the same notation, the largest units first.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }
        var parts = new List<string>();
        if (value.Days > 0) { parts.Add($"{value.Days}d"); }
        if (value.Hours > 0) { parts.Add($"{value.Hours}h"); }
        if (value.Minutes > 0) { parts.Add($"{value.Minutes}m"); }
        if (value.Seconds > 0) { parts.Add($"{value.Seconds}s"); }
        if (value.Milliseconds > 0) { parts.Add($"{value.Milliseconds}ms"); }
        return string.Concat(parts);
    }

    private static int Rank(string unit) => unit switch { "ms" => 0, "s" => 1, "m" => 2, "h" => 3, _ => 4 };

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)")]
    private static partial Regex Part();
}
