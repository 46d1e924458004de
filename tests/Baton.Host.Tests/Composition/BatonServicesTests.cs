using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Backends;
using Baton.Runtime.Hosting;
using Baton.Storage.Sqlite;
using Baton.Testing;
using Microsoft.Extensions.DependencyInjection;
using Baton.Abstractions;

namespace Baton.Host.Tests.Composition;

/// <summary>Composing Baton with dependency injection: the chosen backend runs as a hosted service of a generic host.</summary>
public sealed class BatonServicesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AddBaton_UseSqlite_StartsTheHubWithTheHostAndStopsItWithIt()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddBaton().UseSqlite(new HostSettings(), _dir.File("composed.db"));
        using var host = builder.Build();
        var backend = host.Services.GetRequiredService<IWorkflowBackend>();
        Assert.Equal("embedded", backend.Name);

        await host.StartAsync();
        var id = await backend.StartInstanceAsync(new StartRequest(TestDefinitions.Workflow("composed", "  steps:\n    - { id: a, task: echo, input: { x: 1 } }\n"), null, null, "c1"), default);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await backend.WaitForCompletionAsync(id, cts.Token);
        await host.StopAsync();

        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal("""{"a":{"x":1}}""", done.Output!.ToJsonString());
        // Stopped with the host: it takes no more work.
        await Assert.ThrowsAnyAsync<Exception>(() => backend.StartInstanceAsync(
            new StartRequest(TestDefinitions.Workflow("composed", "  steps:\n    - { id: a, task: echo }\n"), null, new JsonObject(), "c2"), default));
    }
}
