using Baton.Core.Engine;
using Baton.Embedded.Store;

namespace Baton.Embedded.Tests.Store;

public class WorkIdTests
{
    [Fact]
    public void Task_ToString_IsTheAttemptKeyAfterThePrefix()
    {
        var id = WorkId.Task("order-1", "charge", 2);

        Assert.Equal("task|order-1/charge/2", id.ToString());
        Assert.Equal((WorkKind.Task, "order-1", new AttemptKey("order-1", "charge", 2)), (id.Kind, id.InstanceId, id.Attempt!.Value));
    }

    [Fact]
    public void Timer_ToString_NamesTheInstanceAndTheTimer() =>
        Assert.Equal("timer|order-1|g2/retry:charge:3", WorkId.Timer("order-1", TimerId.Retry("charge", 3).InGeneration(2)).ToString());

    [Theory]
    [InlineData("task|order-1/charge/2")]
    [InlineData("timer|order-1|workflow-timeout")]
    [InlineData("timer|order-1|g1/wait:pause")]
    [InlineData("timer|legacy|id|event:verified")]
    public void Parse_WhatToStringWrote_RoundTrips(string text) => Assert.Equal(text, WorkId.Parse(text).ToString());

    [Fact]
    public void Parse_Timer_ReadsInstanceAndTimer()
    {
        var id = WorkId.Parse("timer|order-1|g1/wait:pause");

        Assert.Equal((WorkKind.Timer, "order-1", TimerId.Wait("pause").InGeneration(1)), (id.Kind, id.InstanceId, id.TimerId!.Value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("task|")]
    [InlineData("task|i/s")]
    [InlineData("timer|i")]
    [InlineData("timer||wait:a")]
    [InlineData("timer|i|sleep:a")]
    [InlineData("job|i/s/1")]
    public void TryParse_NotAWorkId_IsFalse(string? text) => Assert.False(WorkId.TryParse(text, out _));
}
