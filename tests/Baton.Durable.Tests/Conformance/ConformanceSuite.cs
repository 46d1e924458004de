using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Runners;
using Baton.Abstractions;

namespace Baton.Durable.Tests.Conformance;

/// <summary>What every conformance suite shares: one backend per test, started with the suite's functions and settings
/// and disposed of after it. Derive a suite once per backend.</summary>
public abstract class ConformanceSuite : IAsyncLifetime
{
    private IBackendDriver? _backend;

    /// <summary>The backend under test.</summary>
    protected IBackendDriver Backend => _backend ?? throw new InvalidOperationException("Not started.");

    /// <summary>App settings the scenarios' bindings read: a topic key, and the setting that lets bindings read it.</summary>
    protected Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal) { ["TOPIC_KEY"] = "conformance-key", ["BATON_SECRETS_ALLOW"] = "TOPIC_KEY" };

    /// <summary>Starts the backend with the given functions and app settings.</summary>
    protected abstract Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting);

    /// <summary>Starts an instance with the given id and waits for its outcome.</summary>
    protected async Task<Outcome> RunAsync(StoredDefinition workflow, string id, JsonNode? input = null, StoredDefinition? catalog = null) =>
        await Backend.WaitAsync(await Backend.StartAsync(new StartRequest(workflow, catalog, input, id)));

    /// <summary>Checks every step's status and attempt, and that there are no others.</summary>
    protected static void AssertSteps(Outcome outcome, params (string Step, string Status, int Attempt)[] expected) =>
        Assert.Equal(expected.OrderBy(e => e.Step, StringComparer.Ordinal),
            outcome.Steps.Select(s => (s.Key, s.Value.Status, s.Value.Attempt)).OrderBy(e => e.Key, StringComparer.Ordinal));

    /// <summary>Polls the instance until it has the status, for 30 s at most.</summary>
    protected async Task UntilStatusAsync(string id, InstanceStatus status)
    {
        for (var i = 0; i < 600 && await Backend.StatusAsync(id) != status; i++)
        {
            await Task.Delay(50);
        }
        Assert.Equal(status, await Backend.StatusAsync(id));
    }

    /// <inheritdoc />
    public async Task InitializeAsync() => _backend = await CreateAsync(Backends.Functions(), name => Settings.GetValueOrDefault(name));

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }
}
