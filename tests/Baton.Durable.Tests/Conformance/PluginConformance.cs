using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Plugins;
using Baton.Runtime.Runners;
using Baton.Testing;

namespace Baton.Durable.Tests.Conformance;

/// <summary>Plugin tasks on every backend: a workflow's step runs the sample plugin loaded from the host's plugin folder, and a
/// plugin that throws is retried by the step's policy, then fails the workflow, with the host going on.</summary>
public abstract class PluginConformance : ConformanceSuite
{
    /// <summary>Points the backend's hosts at the plugin folder the build made.</summary>
    protected PluginConformance() => Settings[PluginHost.FolderSetting] = PluginFolders.Path;

    private static readonly Abstractions.StoredDefinition Catalog = Backends.Catalog("""
          count: { runner: plugin, plugin: word-count, settings: { top: "${input.top}" } }
          explode: { runner: plugin, plugin: explode }
        """);

    [Fact]
    public async Task PluginTask_SamplePlugin_GivesTheStepItsOutput()
    {
        var outcome = await RunAsync(Backends.Workflow("plugin-count", """
              steps:
                - { id: count, task: count, input: { text: "${input.text}", top: 1 } }
              output: { mapping: "${steps.count.output}" }
            """), "plugin-" + Guid.NewGuid().ToString("N")[..8], new JsonObject { ["text"] = "to be or not to be" }, Catalog);

        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        Assert.Equal("""{"words":6,"lines":1,"characters":18,"top":[{"word":"be","count":2}]}""", outcome.Output!.ToJsonString());
    }

    [Fact]
    public async Task PluginTask_PluginThrows_IsRetriedThenFailsTheWorkflow()
    {
        var outcome = await RunAsync(Backends.Workflow("plugin-explode", """
              steps:
                - { id: x, task: explode, retry: { max_attempts: 2, initial_delay: 10ms } }
            """), "explode-" + Guid.NewGuid().ToString("N")[..8], catalog: Catalog);

        Assert.Equal(InstanceStatus.Failed, outcome.Status);
        AssertSteps(outcome, ("x", "failed", 2));
    }

    /// <summary>On the embedded hub.</summary>
    public sealed class OnEmbeddedHub : PluginConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => EmbeddedDriver.StartAsync(functions, appSetting);
    }

    /// <summary>On a local Durable worker with orchestrations in memory.</summary>
    public sealed class OnInProcessDurable : PluginConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => InProcessDurableDriver.StartAsync(functions, appSetting);
    }

    /// <summary>On a local Durable worker over Azure Storage (Azurite).</summary>
    public sealed class OnAzuriteDurable : PluginConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => AzuriteDurableDriver.StartAsync(functions, appSetting);
    }
}
