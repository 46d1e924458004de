using System.Text.RegularExpressions;

namespace Baton.Core.Definitions;

/// <summary>The alphabets of the names people choose: workflow and catalog names, and instance ids.</summary>
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

    /// <summary>True for a valid workflow or catalog name.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>True for a valid instance id.</summary>
    public static bool IsValidInstanceId(string id) => InstanceIdPattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.-]{0,99}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,99}$")]
    private static partial Regex InstanceIdPattern();
}
