using System.Text.Json;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;

namespace Baton.Core.Tests.Engine;

public class TimerIdTests
{
    public static TheoryData<string> Written => new()
    {
        "workflow-timeout",
        "retry:charge:2",
        "timeout:charge:1",
        "wait:pause",
        "event:verified",
        "retry:each[3]:7",
        "g1/wait:pause",
        "g12/retry:poll:3",
        "g2/workflow-timeout",
    };

    [Theory]
    [MemberData(nameof(Written))]
    public void Parse_WhatToStringWrote_RoundTrips(string text) =>
        Assert.Equal(text, TimerId.Parse(text).ToString());

    [Fact]
    public void Builders_WriteTheDocumentedForms()
    {
        Assert.Equal("retry:a:2", TimerId.Retry("a", 2).ToString());
        Assert.Equal("timeout:a:1", TimerId.Timeout("a", 1).ToString());
        Assert.Equal("wait:a", TimerId.Wait("a").ToString());
        Assert.Equal("event:a", TimerId.EventTimeout("a").ToString());
        Assert.Equal("workflow-timeout", TimerId.WorkflowTimeout.ToString());
        Assert.Equal("g3/wait:a", TimerId.Wait("a").InGeneration(3).ToString());
    }

    [Fact]
    public void Parse_GenerationPrefix_SetsGenerationAndKeepsTheTimer()
    {
        var id = TimerId.Parse("g4/timeout:s:2");

        Assert.Equal((TimerKind.Timeout, "s", 2, 4), (id.Kind, id.StepId, id.Attempt, id.Generation));
        Assert.Equal(TimerId.Timeout("s", 2), id.InGeneration(0));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("retry:a")]
    [InlineData("retry:a:0")]
    [InlineData("retry:a:x")]
    [InlineData("retry::1")]
    [InlineData("wait:")]
    [InlineData("sleep:a")]
    [InlineData("wait:a:b")]
    [InlineData("timer|i|wait:a")]
    public void TryParse_NotATimerId_IsFalse(string? text) => Assert.False(TimerId.TryParse(text, out _));

    [Fact]
    public void Parse_NotATimerId_ThrowsFormatExceptionNamingTheForms() =>
        Assert.Contains("workflow-timeout", Assert.Throws<FormatException>(() => TimerId.Parse("sleep:a")).Message, StringComparison.Ordinal);

    [Fact]
    public void Serialize_TimerFired_WritesTheIdAsItsText()
    {
        var fired = new TimerFired(DateTimeOffset.UnixEpoch, TimerId.Retry("a", 2).InGeneration(1));

        var json = JsonSerializer.Serialize(fired, EngineJson.Options);

        Assert.Contains("\"g1/retry:a:2\"", json, StringComparison.Ordinal);
        Assert.Equal(fired, JsonSerializer.Deserialize<TimerFired>(json, EngineJson.Options));
    }

    [Fact]
    public void Deserialize_NotATimerId_ThrowsJsonException() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TimerFired>("""{"At":"2026-01-01T00:00:00Z","TimerId":"nonsense"}""", EngineJson.Options));
}
