using System.Text.Json.Nodes;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Baton.Abstractions;

namespace Baton.Runtime.Tests.Runners;

public class TaskExecutorTests
{
    private static TaskContext Context(string task, JsonNode? input = null) => new("i", "s", 1, "i/s/1", task, input);

    private static TaskExecutor Executor(FunctionRegistry f) => new(f, [new FunctionRunner(f)], TimeProvider.System);

    [Fact]
    public async Task RunAsync_TaskNotBoundAnywhere_FailsWithoutRetry()
    {
        var f = Assert.IsType<TaskResult.Failure>(await Executor(new FunctionRegistry()).RunAsync(TaskCatalog.Empty, Context("ghost"), null, default));
        Assert.Equal("UnknownTask", f.Error.Code);
        Assert.False(f.Retryable);
    }

    [Fact]
    public async Task RunAsync_BuiltInEcho_ReturnsInput()
    {
        var r = Assert.IsType<TaskResult.Success>(await Executor(FunctionRegistry.WithBuiltIns(TimeProvider.System))
            .RunAsync(TaskCatalog.Empty, Context("echo", new JsonObject { ["a"] = 1 }), null, default));
        Assert.Equal("""{"a":1}""", r.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_FunctionThrows_FailsRetryableUnlessNonRetryable()
    {
        var f = new FunctionRegistry()
            .Register("flaky", _ => throw new InvalidOperationException("not yet"))
            .Register("broken", _ => throw new NonRetryableTaskException("bad input"));
        var flaky = Assert.IsType<TaskResult.Failure>(await Executor(f).RunAsync(TaskCatalog.Empty, Context("flaky"), null, default));
        Assert.Equal((true, "InvalidOperationException: not yet"), (flaky.Retryable, flaky.Error.Message));
        var broken = Assert.IsType<TaskResult.Failure>(await Executor(f).RunAsync(TaskCatalog.Empty, Context("broken"), null, default));
        Assert.False(broken.Retryable);
    }

    [Fact]
    public async Task RunAsync_BindingWithAResultMapping_ReturnsWhatTheMappingMakesOfTheResult()
    {
        var (catalog, problems) = CatalogLoader.Load("""
            apiVersion: baton.dev/v1
            kind: Catalog
            metadata: { name: c }
            tasks:
              shaped: { runner: function, function: echo, result: { doubled: "${result.n * 2}", step: "${task.step_id}", text: "n=${input.n}" } }
              broken: { runner: function, function: echo, result: "${result.n * 'x'}" }
            """, "catalog.yaml", ".");
        Assert.Empty(problems);
        var executor = Executor(FunctionRegistry.WithBuiltIns(TimeProvider.System));

        var shaped = Assert.IsType<TaskResult.Success>(await executor.RunAsync(catalog!, Context("shaped", new JsonObject { ["n"] = 21 }), null, default));
        var broken = Assert.IsType<TaskResult.Failure>(await executor.RunAsync(catalog!, Context("broken", new JsonObject { ["n"] = 21 }), null, default));

        Assert.Equal("""{"doubled":42,"step":"s","text":"n=21"}""", shaped.Output!.ToJsonString());
        Assert.Equal(("ExpressionError", false), (broken.Error.Code, broken.Retryable));
        Assert.Contains("result mapping of 'broken'", broken.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OutputDeeperThanTheValueLimit_FailsWithoutRetry()
    {
        JsonNode deep = new JsonArray();
        for (var i = 1; i <= Core.ValueLimits.MaxDepth; i++)
        {
            deep = new JsonArray(deep);
        }
        var f = new FunctionRegistry().Register("deep", _ => deep.DeepClone());

        var r = Assert.IsType<TaskResult.Failure>(await Executor(f).RunAsync(TaskCatalog.Empty, Context("deep"), null, default));

        Assert.Equal(("InvalidOutput", false), (r.Error.Code, r.Retryable));
        Assert.Contains($"at most {Core.ValueLimits.MaxDepth}", r.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OutputHoldingADataReference_FailsWithoutRetry()
    {
        var forged = Core.ValueReference.Create("instances/other/values/0.json", new string('0', 64), 50_000, "string");
        var f = new FunctionRegistry().Register("forger", _ => new JsonObject { ["report"] = forged.DeepClone() });

        var r = Assert.IsType<TaskResult.Failure>(await Executor(f).RunAsync(TaskCatalog.Empty, Context("forger"), null, default));

        Assert.Equal(("InvalidOutput", false), (r.Error.Code, r.Retryable));
        Assert.Contains("$baton.ref", r.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FunctionExceedsTimeout_FailsTimedOut()
    {
        var f = FunctionRegistry.WithBuiltIns(TimeProvider.System);
        var r = Assert.IsType<TaskResult.Failure>(await Executor(f).RunAsync(TaskCatalog.Empty, Context("sleep", new JsonObject { ["ms"] = 5000 }), TimeSpan.FromMilliseconds(100), default));
        Assert.Equal("TimedOut", r.Error.Code);
    }

    [Fact]
    public async Task RunAsync_Evaluate_JudgesMetrics()
    {
        var input = JsonNode.Parse("""{"metrics": {"m": 0.9}, "thresholds": {"m": {"pass": 0.8, "warning": 0.5}}}""");
        var r = Assert.IsType<TaskResult.Success>(await Executor(FunctionRegistry.WithBuiltIns(TimeProvider.System)).RunAsync(TaskCatalog.Empty, Context("evaluate", input), null, default));
        Assert.Equal("pass", r.Output!["decision"]!.GetValue<string>());
    }
}
