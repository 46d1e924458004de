using System.Globalization;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Microsoft.AspNetCore.Http;
using Baton.Abstractions;

namespace Baton.ControlPlane.Http;

/// <summary>Parses the query parameters the endpoints share, with problem-shaped errors.</summary>
internal static class Query
{
    /// <summary>The value of a parameter given at most once; null when absent.</summary>
    /// <remarks>A parameter given twice (<c>?at=2&amp;at=3</c>) is refused rather than one of them silently taken.</remarks>
    public static string? One(HttpRequest r, string name)
    {
        var values = r.Query[name];
        return values.Count <= 1
            ? values.FirstOrDefault()
            : throw new BadRequestException("bad-argument", $"'{name}' is given {values.Count} times.", $"Give '{name}' once; nothing was done.");
    }

    public static string Reason(HttpRequest r) => One(r, "reason") ?? "requested over HTTP";

    /// <remarks>Absent is false, present without a value is true; anything but true or false is refused, so that a typo
    /// such as <c>?dryRun=yes</c> never silently means false (and saves for real).</remarks>
    public static bool Flag(HttpRequest r, string name) => One(r, name) switch
    {
        null => false,
        "" => true,
        var v when bool.TryParse(v, out var b) => b,
        var v => throw new BadRequestException("bad-argument", $"'{name}' is invalid.", $"'{name}' must be true or false, not '{v}'."),
    };

    public static int Int(HttpRequest r, string name, int fallback, int min, int max)
    {
        if (One(r, name) is not { } text)
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new BadRequestException("bad-argument", $"'{name}' is invalid.", $"'{name}' must be a whole number from {min} to {max}, not '{text}'.");
    }

    public static DateTimeOffset? Time(HttpRequest r, string name)
    {
        if (One(r, name) is not { } text)
        {
            return null;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw new BadRequestException("bad-argument", $"'{name}' is invalid.", $"'{name}' must be an ISO 8601 time, not '{text}'.");
    }

    public static TimeSpan? Wait(HttpRequest r)
    {
        if (One(r, "wait") is not { } text)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 300)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        return Duration.TryParse(text, out var d) && d <= TimeSpan.FromMinutes(5)
            ? d
            : throw new BadRequestException("bad-argument", "'wait' is invalid.", $"'wait' must be seconds or a duration up to 5m, not '{text}'.");
    }

    public static IReadOnlyCollection<InstanceStatus>? Statuses(HttpRequest r, string name)
    {
        var raw = r.Query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (raw.Count == 0)
        {
            return null;
        }
        return [.. raw.Select(s => Enum.TryParse<InstanceStatus>(s, ignoreCase: true, out var st) && Enum.IsDefined(st)
            ? st
            : throw new BadRequestException("bad-argument", $"'{name}' is invalid.", $"'{s}' is not a status; use {string.Join(", ", Enum.GetNames<InstanceStatus>())}."))];
    }

    public static InstanceQuery Instances(HttpRequest r, string statusName, string fromName, string toName, string? token) => new(
        WorkflowName: One(r, "name"),
        Statuses: Statuses(r, statusName),
        MaxCount: Int(r, "top", 100, 1, 1000),
        CreatedFrom: Time(r, fromName),
        CreatedTo: Time(r, toName),
        ContinuationToken: token,
        InstanceIdPrefix: One(r, "instanceIdPrefix"));
}
