using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;
using static Baton.Core.Tests.Engine.EngineHarness;

namespace Baton.Core.Tests.Engine;

public class WorkflowEngineProgressTests
{
    private const string Retrying = """
          steps:
            - { id: a, task: t, retry: { max_attempts: 2, backoff: fixed, initial_delay: 1s } }
        """;

    [Fact]
    public void Apply_ProgressOfRunningAttempt_RecordsItWithoutCommands()
    {
        var h = For(Retrying);
        h.Start();
        h.Advance(TimeSpan.FromSeconds(2));
        var r = h.Apply(new TaskProgressed(h.Now, "a", 1, TaskProgressed.Started, new JsonObject { ["worker"] = "w1" }));
        Assert.True(r.Accepted);
        Assert.Empty(r.Commands);
        Assert.Equal("a", Assert.Single(r.ChangedSteps));
        var progress = h.Step("a").Progress!;
        Assert.Equal((TaskProgressed.Started, "w1", h.Now), (progress.Phase, progress.Data!["worker"]!.GetValue<string>(), progress.At));
        Assert.Equal(StepStatus.Running, h.Step("a").Status);

        r = h.Apply(new TaskProgressed(h.Now, "a", 1, TaskProgressed.StatusChanged, new JsonObject { ["percent"] = 40 }));
        Assert.True(r.Accepted);
        Assert.Equal(40, h.Step("a").Progress!.Data!["percent"]!.GetValue<int>());
        Assert.False(h.Apply(new TaskProgressed(h.Now, "a", 1, TaskProgressed.StatusChanged, new JsonObject { ["percent"] = 40 })).Accepted);
        Assert.False(h.Apply(new TaskProgressed(h.Now, "a", 1, TaskProgressed.Started, new JsonObject { ["worker"] = "w1" })).Accepted);
        Assert.Equal(TaskProgressed.StatusChanged, h.Step("a").Progress!.Phase);
    }

    [Fact]
    public void Apply_ProgressOfStaleAttemptOrUnknownPhase_ChangesNothing()
    {
        var h = For(Retrying);
        h.Start();
        Assert.False(h.Apply(new TaskProgressed(h.Now, "a", 2, TaskProgressed.Started, null)).Accepted);
        Assert.False(h.Apply(new TaskProgressed(h.Now, "nope", 1, TaskProgressed.Started, null)).Accepted);
        Assert.False(h.Apply(new TaskProgressed(h.Now, "a", 1, "finished", null)).Accepted);
        h.Complete("a");
        Assert.False(h.Apply(new TaskProgressed(h.Now, "a", 1, TaskProgressed.StatusChanged, null)).Accepted);
        Assert.Null(h.Step("a").Progress);
    }

    [Fact]
    public void Apply_NextAttempt_StartsWithoutTheLastAttemptsProgress()
    {
        var h = For(Retrying);
        h.Start();
        h.Apply(new TaskProgressed(h.Now, "a", 1, TaskProgressed.Started, null));
        h.Fail("a");
        h.Advance(TimeSpan.FromSeconds(1));
        var r = h.Fire("retry:a:2");
        Assert.Equal(["a#2"], Dispatched(r));
        Assert.Null(h.Step("a").Progress);
        Assert.Equal(2, h.Step("a").Attempt);
    }
}
