using System.Text.Json;

namespace Baton.Durable.Tests;

/// <summary>The outcome of an attempt as Durable history holds it.</summary>
public sealed class TaskOutcomeTests
{
    [Theory]
    [InlineData(TaskOutcomeKind.Ok, "ok")]
    [InlineData(TaskOutcomeKind.Failed, "failed")]
    [InlineData(TaskOutcomeKind.Handed, "handed")]
    public void Serialize_EachKind_WritesTheWordHistoriesHold(TaskOutcomeKind kind, string word)
    {
        var json = JsonSerializer.Serialize(new TaskOutcome(kind));

        Assert.Contains($"\"Kind\":\"{word}\"", json, StringComparison.Ordinal);
        Assert.Equal(kind, JsonSerializer.Deserialize<TaskOutcome>($$"""{"Kind":"{{word}}"}""")!.Kind);
    }
}
