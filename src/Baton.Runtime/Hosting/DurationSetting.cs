namespace Baton.Runtime.Hosting;

/// <summary>Reads an app setting that holds a duration within bounds (an interval, an idle time), the same way for every such setting.</summary>
public static class DurationSetting
{
    /// <summary>The setting's duration, or <paramref name="fallback"/> when it is unset.</summary>
    /// <exception cref="FormatException">The value is not a duration from <paramref name="min"/> to <paramref name="max"/>; the message names <paramref name="what"/>.</exception>
    public static TimeSpan Read(string what, string? text, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        return Core.Definitions.Duration.TryParse(text, out var d) && d >= min && d <= max
            ? d
            : throw new FormatException($"{what} is '{text}'; use a duration from {Core.Definitions.Duration.Format(min)} to {Core.Definitions.Duration.Format(max)}, " +
                $"e.g. {Core.Definitions.Duration.Format(fallback)}.");
    }
}
