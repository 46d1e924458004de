using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Composition;
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
        builder.Services.AddBaton(new HostSettings()).UseSqlite(_dir.File("composed.db"));
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

    [Fact]
    public async Task AddBaton_HostsClockIdsAndFunctions_ReachTheBackendAndItsRunners()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        var ahead = new AheadClock(TimeSpan.FromDays(400));
        builder.Services.AddSingleton<TimeProvider>(ahead);
        builder.Services.AddSingleton<IdSource>(new CountingIds());
        builder.Services.AddSingleton(new Baton.Runtime.Runners.FunctionRegistry().Register("host-only", _ => JsonValue.Create("from the host")));
        builder.Services.AddBaton(new HostSettings()).UseSqlite(_dir.File("context.db"));
        using var host = builder.Build();
        var backend = host.Services.GetRequiredService<IWorkflowBackend>();
        await host.StartAsync();

        var id = await backend.StartInstanceAsync(new StartRequest(TestDefinitions.Workflow("ctx", "  steps:\n    - { id: a, task: host-only }\n"), null, null, null), default);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await backend.WaitForCompletionAsync(id, cts.Token);
        await host.StopAsync();

        Assert.Matches("^id-[0-9]+$", id);
        Assert.Equal("""{"a":"from the host"}""", done.Output!.ToJsonString());
        Assert.True(done.CreatedAt > DateTimeOffset.UtcNow.AddDays(399), $"created {done.CreatedAt:O}: not by the host's clock");
    }

    /// <summary>The system clock moved ahead, so what reads it is told apart from what reads the system's.</summary>
    private sealed class AheadClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + by;
    }

    private sealed class CountingIds : IdSource
    {
        private int _next;

        public override string NewId() => $"id-{Interlocked.Increment(ref _next)}";
    }
}
