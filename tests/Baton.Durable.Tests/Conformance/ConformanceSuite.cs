using Baton.Runtime.Runners;

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
