using System.Text.Json.Serialization;

namespace Baton.Durable;

/// <summary>How a task attempt ended, as <see cref="TaskOutcome"/> carries it through Durable history.</summary>
/// <remarks>Written as <c>ok</c>, <c>failed</c> and <c>handed</c>, the words histories recorded before this type existed
/// hold, so those replay unchanged.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<TaskOutcomeKind>))]
public enum TaskOutcomeKind
{
    /// <summary>The task succeeded with an output.</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>The task failed, retryably or not.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>The attempt went to a service that reports back by event.</summary>
    [JsonStringEnumMemberName("handed")]
    Handed,
}
