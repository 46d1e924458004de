namespace Baton.Core.Engine;

/// <summary>Time arithmetic that cannot overflow: what the engine uses to compute when a timer is due.</summary>
/// <remarks>Durations are bounded at validation (<see cref="Definitions.Duration.Maximum"/>), so saturation is only the
/// last line: a due time past the calendar becomes <see cref="DateTimeOffset.MaxValue"/> (a timer that never fires)
/// instead of an exception that would stop the instance's every later event.</remarks>
public static class Instants
{
    /// <summary><paramref name="at"/> plus <paramref name="span"/>, saturating at <see cref="DateTimeOffset.MaxValue"/>
    /// and <see cref="DateTimeOffset.MinValue"/>.</summary>
    public static DateTimeOffset Plus(DateTimeOffset at, TimeSpan span)
    {
        var ticks = at.UtcTicks;
        if (span.Ticks > 0 && span.Ticks > DateTimeOffset.MaxValue.UtcTicks - ticks)
        {
            return DateTimeOffset.MaxValue;
        }
        if (span.Ticks < 0 && span.Ticks < DateTimeOffset.MinValue.UtcTicks - ticks)
        {
            return DateTimeOffset.MinValue;
        }
        return at + span;
    }
}
