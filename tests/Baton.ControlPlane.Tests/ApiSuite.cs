using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests;

/// <summary>The base of a route suite that runs on every host: a fresh server per test, of the kind the nested class names.</summary>
/// <remarks>Each suite declares <c>OnServe</c> and <c>OnFunctionApp</c> subclasses that set <see cref="Kind"/>, so the same
/// tests run against <c>baton serve</c> and the function app, and a route missing from one fails there.</remarks>
public abstract class ApiSuite : IAsyncLifetime
{
    /// <summary>The server under test.</summary>
    protected ApiServer Server { get; private set; } = null!;

    /// <summary>The host the suite runs against.</summary>
    protected abstract ApiHostKind Kind { get; }

    /// <summary>How the server is started.</summary>
    protected virtual ApiServerOptions Options => new();

    public async Task InitializeAsync()
    {
        Server = await ApiServer.StartAsync(Kind, Options);
        await SetUpAsync();
    }

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>What the suite stores before each test (definitions, catalogs).</summary>
    protected virtual Task SetUpAsync() => Task.CompletedTask;
}
