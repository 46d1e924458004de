using System.Globalization;

namespace Baton.Runtime.Slo;

/// <summary>The window an evaluation measures: its start and end.</summary>
public sealed record SliWindow(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The window's length as Keptn's <c>$DURATION_SECONDS</c> writes it, such as <c>300s</c>.</summary>
    public string DurationSeconds => ((long)Math.Round((End - Start).TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";
}
