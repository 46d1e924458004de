using System.Text.Json.Nodes;
using Baton.Abstractions;
using Baton.Runtime.Catalog;
using Baton.Runtime.Plugins;
using Baton.Runtime.Runners;
using Baton.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Runtime.Tests.Plugins;

/// <summary>Plugins loaded from a folder of built plugin projects, each in its own load context, run through the executor as
/// every backend runs tasks: the sample works, and one that throws, refuses, hangs or cannot be made fails its attempt or is
/// refused with a reason, never the host.</summary>
public sealed class PluginHostTests
{
    private static readonly Func<string, string?> Settings = name => name == PluginHost.FolderSetting ? PluginFolders.Path : null;

    private static TaskExecutor Executor() => TaskExecutor.Standard(TestContexts.Of(FunctionRegistry.WithBuiltIns(TimeProvider.System), Settings));

    private static TaskCatalog Catalog(string tasks) =>
        CatalogLoader.Load("apiVersion: baton.dev/v1\nkind: Catalog\ntasks:\n" + tasks, "catalog.yaml", "/tmp").Catalog ?? throw new InvalidOperationException("bad catalog");

    private static Task<TaskResult> RunAsync(string task, JsonNode? input, string tasks, TimeSpan? timeout = null) =>
        Executor().RunAsync(Catalog(tasks), new TaskContext("i-1", "s", 1, "i-1/s/1", task, input), timeout, CancellationToken.None);

    [Fact]
    public void From_PluginFolder_LoadsEveryGoodPluginAndSaysWhyTheBrokenOneIsNot()
    {
        var host = PluginHost.From(Settings, NullLoggerFactory.Instance);

        Assert.Equal(["explode", "refuse", "stall", "word-count"], host.Plugins.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(host.Problems, p => p.Contains("the broken plugin cannot start", StringComparison.Ordinal));
        Assert.NotSame(typeof(PluginHost).Assembly, host.Plugins["word-count"].GetType().Assembly);
        Assert.NotEqual(System.Runtime.Loader.AssemblyLoadContext.Default, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(host.Plugins["word-count"].GetType().Assembly));
    }

    [Fact]
    public async Task RunAsync_SamplePluginWithSettings_ReturnsItsOutput()
    {
        var result = await RunAsync("count", new JsonObject { ["text"] = "the cat and the hat" }, "  count: { runner: plugin, plugin: word-count, settings: { top: 1 } }\n");

        Assert.True(result is TaskResult.Success, (result as TaskResult.Failure)?.Error.Message);
        var output = ((TaskResult.Success)result).Output!;
        Assert.Equal("""{"words":5,"lines":1,"characters":19,"top":[{"word":"the","count":2}]}""", output.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_SettingsTheSchemaRefuses_FailForGood()
    {
        var failed = Assert.IsType<TaskResult.Failure>(await RunAsync("count", new JsonObject { ["text"] = "x" }, "  count: { runner: plugin, plugin: word-count, settings: { top: many } }\n"));
        Assert.Equal(("InvalidSettings", false), (failed.Error.Code, failed.Retryable));
    }

    [Fact]
    public async Task RunAsync_PluginThrows_FailsTheAttemptRetryably()
    {
        var failed = Assert.IsType<TaskResult.Failure>(await RunAsync("x", null, "  x: { runner: plugin, plugin: explode }\n"));
        Assert.Equal(("PluginFailed", true), (failed.Error.Code, failed.Retryable));
        Assert.Contains("boom", failed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PluginRefuses_FailsWithItsOwnCode()
    {
        var failed = Assert.IsType<TaskResult.Failure>(await RunAsync("x", null, "  x: { runner: plugin, plugin: refuse }\n"));
        Assert.Equal(("NotToday", false), (failed.Error.Code, failed.Retryable));
    }

    [Fact]
    public async Task RunAsync_PluginHangs_TimesOutAndTheHostRunsTheNextAttempt()
    {
        var stalled = Assert.IsType<TaskResult.Failure>(await RunAsync("x", null, "  x: { runner: plugin, plugin: stall, timeout: 300ms }\n"));
        var next = await RunAsync("count", new JsonObject { ["text"] = "still here" }, "  count: { runner: plugin, plugin: word-count }\n");

        Assert.Equal("TimedOut", stalled.Error.Code);
        Assert.IsType<TaskResult.Success>(next);
    }

    [Fact]
    public async Task RunAsync_PluginNotLoaded_SaysWhichAreAndFailsForGood()
    {
        var failed = Assert.IsType<TaskResult.Failure>(await RunAsync("x", null, "  x: { runner: plugin, plugin: nonesuch }\n"));
        Assert.Equal(("NoSuchPlugin", false), (failed.Error.Code, failed.Retryable));
        Assert.Contains("word-count", failed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PluginBindingWithoutTimeout_TimesOutAfterFiveMinutes() =>
        Assert.Equal(PluginBinding.DefaultTimeout, Catalog("  x: { runner: plugin, plugin: stall }\n").Tasks["x"].Timeout);
}
