using System.Globalization;

namespace Baton.ControlPlane.Triggers;

/// <summary>The instance ids triggers start instances under: fixed by what fired them, so a firing, a message or an event
/// starts at most one instance however often it is looked at.</summary>
/// <remarks><c>&lt;workflow&gt;:&lt;trigger&gt;:&lt;key&gt;</c>, the key being a schedule's due time (<c>yyyyMMddTHHmmssZ</c>), a queue
/// message's id, or a hash of an event's source and id. Where that would pass the 100 characters an instance id may have,
/// the workflow and trigger are replaced by a hash of them (<c>t&lt;16 hex&gt;</c>).</remarks>
public static class TriggerIds
{
    private const string DueFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>What every instance id of one trigger of one workflow starts with.</summary>
    public static string Prefix(string workflow, string trigger)
    {
        var plain = $"{workflow}:{trigger}:";
        return plain.Length + 40 <= Core.Definitions.Names.MaxLength ? plain : $"t{Abstractions.ContentHash.Of(plain)[..16]}:";
    }

    /// <summary>The instance id for a trigger's firing, message or event <paramref name="key"/> (at most 40 id characters).</summary>
    public static string For(string workflow, string trigger, string key) => Prefix(workflow, trigger) + key;

    /// <summary>The key of a schedule's due time.</summary>
    public static string DueKey(DateTimeOffset due) => due.UtcDateTime.ToString(DueFormat, CultureInfo.InvariantCulture);

    /// <summary>The due time an instance id of a schedule names, or null when it names none.</summary>
    public static DateTimeOffset? Due(string instanceId, string prefix)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return instanceId.StartsWith(prefix, StringComparison.Ordinal)
            && DateTime.TryParseExact(instanceId[prefix.Length..], DueFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var due)
            ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }

    /// <summary>The key of an event: a hash of its source and id, so one event from one source starts one instance.</summary>
    public static string EventKey(string? source, string id) => "e" + Abstractions.ContentHash.Of($"{source}\n{id}")[..32];

    /// <summary>The key of a queue message: its id where that fits an instance id, else a hash of it.</summary>
    public static string MessageKey(string messageId) =>
        messageId.Length <= 40 && messageId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? messageId : "m" + Abstractions.ContentHash.Of(messageId)[..32];
}
