using System.Globalization;
using System.Text.RegularExpressions;

namespace Baton.Core.Definitions;

/// <summary>Parses the duration strings definitions use: <c>500ms</c>, <c>5s</c>, <c>30m</c>, <c>24h</c>, <c>7d</c>, <c>1h30m</c>.</summary>
/// <remarks>Units are ms, s, m, h, d; parts must run from larger to smaller units; a bare number is rejected so
/// that "5" is never silently read as seconds or milliseconds.</remarks>
public static partial class Duration
{
    /// <summary>The longest duration a definition, catalog or request may give: 3,650 days (about ten years).</summary>
    /// <remarks>Every timer, timeout and delay is at most this far ahead, so adding it to any time a host will see stays
    /// far inside the calendar <see cref="DateTimeOffset"/> can hold, on both backends.</remarks>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(3650);

    /// <summary>The maximum as the notation writes it.</summary>
    public const string MaximumText = "3650d";

    /// <summary>Tries to parse a duration; false for anything not of the documented form, or longer than <see cref="Maximum"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        var (form, ms) = Read(text);
        value = form && ms <= Maximum.TotalMilliseconds ? TimeSpan.FromMilliseconds(ms) : TimeSpan.Zero;
        return form && ms <= Maximum.TotalMilliseconds;
    }

    /// <summary>True when <paramref name="text"/> is of the documented form but longer than <see cref="Maximum"/>.</summary>
    public static bool IsOverMaximum(string? text)
    {
        var (form, ms) = Read(text);
        return form && ms > Maximum.TotalMilliseconds;
    }

    // Whether the text is of the form, and its length in milliseconds (a double, so no text can overflow it).
    private static (bool Form, double Milliseconds) Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (false, 0);
        }
        var matches = Part().Matches(text.Trim());
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text.Trim())
        {
            return (false, 0);
        }
        var lastRank = int.MaxValue;
        var total = 0.0;
        foreach (Match m in matches)
        {
            var rank = Rank(m.Groups[2].Value);
            if (rank >= lastRank)
            {
                return (false, 0);
            }
            lastRank = rank;
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += n * m.Groups[2].Value switch
            {
                "ms" => 1,
                "s" => 1_000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => 86_400_000,
            };
        }
        return (true, total);
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
