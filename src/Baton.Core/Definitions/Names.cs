using System.Text.RegularExpressions;

namespace Baton.Core.Definitions;

/// <summary>The alphabets of the names people choose: workflow and catalog names, versions, instance ids, and the event
/// names reserved for Baton.</summary>
/// <remarks>Names are path segments in routes and blob paths, and instance ids are Azure Table partition keys on the
/// Durable backend, so both exclude '/', '\', '#', '?', control characters, spaces and '..'.</remarks>
public static partial class Names
{
    /// <summary>The longest workflow or catalog name, and the longest instance id.</summary>
    public const int MaxLength = 100;

    /// <summary>The rule for workflow and catalog names, as a fix tells it.</summary>
    public const string NameRule = "Use letters, digits, '-', '_' and '.', starting with a letter, at most 100 characters.";

    /// <summary>The rule for instance ids, as a fix tells it.</summary>
    public const string InstanceIdRule = "Use letters, digits, '-', '_', '.', ':' and '@', starting with a letter or digit, at most 100 characters.";

    /// <summary>The longest version of a workflow or catalog.</summary>
    public const int MaxVersionLength = 64;

    /// <summary>The rule for versions, as a fix tells it.</summary>
    public const string VersionRule = "Use letters, digits, '.', '-', '_' and '+', starting with a letter or digit, at most 64 characters (e.g. 1, 2.0.1, 2024-06-01).";

    /// <summary>The prefix of the event names Baton uses internally (a service's task reports on the Durable backend).</summary>
    /// <remarks>Reserved on every route that raises an event and refused as the name an <c>event</c> step waits for, so an
    /// internal event can never be supplied from outside.</remarks>
    public const string ReservedEventPrefix = "baton.";

    /// <summary>True for a valid workflow or catalog name.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>True for a valid instance id.</summary>
    public static bool IsValidInstanceId(string id) => InstanceIdPattern().IsMatch(id);

    /// <summary>True for a valid version: one path segment of a documented alphabet, so it can name a blob or a route.</summary>
    public static bool IsValidVersion(string version) => VersionPattern().IsMatch(version);

    /// <summary>A name as an error message shows it: control characters escaped (<c>\u0000</c>) and at most 80 characters.</summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var shown = text.Length > 80 ? text[..80] : text;
        var escaped = string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return text.Length > 80 ? escaped + $"... ({text.Length} characters)" : escaped;
    }

    /// <summary>True for an event name that only Baton itself may raise (see <see cref="ReservedEventPrefix"/>).</summary>
    public static bool IsReservedEventName(string name) => name.StartsWith(ReservedEventPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a valid Azure Storage queue name: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    public static bool IsQueueName(string name) => QueuePattern().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]\\z")]
    private static partial Regex QueuePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.-]{0,99}\\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}\\z")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,99}\\z")]
    private static partial Regex InstanceIdPattern();
}
