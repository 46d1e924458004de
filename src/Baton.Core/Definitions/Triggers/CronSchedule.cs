using Cronos;

namespace Baton.Core.Definitions.Triggers;

/// <summary>A schedule trigger's cron expression in its time zone: when it comes due.</summary>
/// <remarks>Five fields (minute hour day month weekday) or six with seconds first; names (JAN, MON), ranges, lists, steps,
/// <c>L</c>, <c>W</c>, <c>#</c> and macros such as <c>@daily</c> are understood. Times are computed in the zone, so
/// "02:30 every day" in Europe/Berlin stays 02:30 across daylight saving: a local time skipped by the spring change fires
/// once at the change, and one repeated in autumn fires once.</remarks>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;
    private readonly TimeZoneInfo _zone;

    /// <summary>Parses an expression already checked by <see cref="Problem"/> in a zone checked by <see cref="Zone"/>.</summary>
    public CronSchedule(string cron, string timeZone)
    {
        ArgumentNullException.ThrowIfNull(cron);
        _expression = CronExpression.Parse(cron, Format(cron));
        _zone = Zone(timeZone) ?? throw new ArgumentException($"Unknown time zone '{timeZone}'.", nameof(timeZone));
    }

    /// <summary>Why the text is not a usable cron expression, or null when it is.</summary>
    public static string? Problem(string cron)
    {
        ArgumentNullException.ThrowIfNull(cron);
        try
        {
            _ = CronExpression.Parse(cron, Format(cron));
            return null;
        }
        catch (CronFormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The time zone of that name (IANA or Windows id, or UTC), or null when this machine knows none.</summary>
    public static TimeZoneInfo? Zone(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name is "UTC" or "Etc/UTC")
        {
            return TimeZoneInfo.Utc;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>The due times after <paramref name="from"/> (excluded) up to <paramref name="to"/> (included), earliest first.</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset from, DateTimeOffset to) =>
        _expression.GetOccurrences(from.UtcDateTime, to.UtcDateTime, _zone, fromInclusive: false, toInclusive: true)
            .Select(t => new DateTimeOffset(t, TimeSpan.Zero));

    /// <summary>The first due time after <paramref name="from"/>, or null when the expression never comes due again.</summary>
    public DateTimeOffset? Next(DateTimeOffset from) =>
        _expression.GetNextOccurrence(from.UtcDateTime, _zone, inclusive: false) is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    private static CronFormat Format(string cron) =>
        cron.TrimStart().StartsWith('@') || cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6 ? CronFormat.Standard : CronFormat.IncludeSeconds;
}
