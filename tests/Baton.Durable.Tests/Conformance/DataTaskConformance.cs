using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Runtime.Runners;
using Baton.Testing;

namespace Baton.Durable.Tests.Conformance;

/// <summary>SQL and file tasks on every backend: a workflow writes a file and reads it back under a catalog's root, stores
/// what it read in a real PostgreSQL through a parameterised statement and queries it, and a path that leaves the root
/// fails its step for good.</summary>
public abstract class DataTaskConformance : ConformanceSuite, IDisposable
{
    private readonly TempDirectory _root = new();

    /// <inheritdoc />
    public void Dispose()
    {
        _root.Dispose();
        GC.SuppressFinalize(this);
    }

    private StoredDefinitionPair Definitions(string name, string steps)
    {
        var catalog = Backends.Catalog($$"""
              save: { runner: file, root: "{{_root.Path}}", operation: write, path: "${input.name}.json", content: "${input.body}", encoding: json }
              load: { runner: file, root: "{{_root.Path}}", operation: read, path: "${input.name}.json", encoding: json }
              store:
                runner: sql
                provider: postgresql
                connection_setting: APP_DB
                statement: insert into notes (id, body) values (@id, @body) on conflict (id) do nothing
                parameters: { id: "${task.idempotency_key}", body: "${input.body}" }
              fetch:
                runner: sql
                provider: postgresql
                connection_setting: APP_DB
                statement: select body from notes where id = @id
                parameters: { id: "${input.id}" }
            """);
        return new(Backends.Workflow(name, steps), catalog);
    }

    private sealed record StoredDefinitionPair(Abstractions.StoredDefinition Workflow, Abstractions.StoredDefinition Catalog);

    private async Task UseDatabaseAsync()
    {
        Settings["APP_DB"] = await Postgres.ConnectionStringAsync();
        Settings["BATON_SECRETS_ALLOW"] = "TOPIC_KEY,APP_DB";
        var created = await new SqlRunner(Settings.GetValueOrDefault).RunAsync(
            new Runtime.Catalog.SqlBinding("ddl", Runtime.Catalog.SqlProvider.Postgresql, "APP_DB", "create table if not exists notes (id text primary key, body jsonb)",
                System.Collections.Immutable.ImmutableDictionary<string, Core.Expressions.TemplateTree>.Empty, 1, null),
            new TaskContext("setup", "ddl", 1, "setup/ddl/1", "ddl", null), CancellationToken.None);
        Assert.IsType<Abstractions.TaskResult.Success>(created);
    }

    [Fact]
    public async Task FileAndSqlTasks_WriteReadStoreFetch_CarryTheValueThrough()
    {
        await UseDatabaseAsync();
        var id = "data-" + Guid.NewGuid().ToString("N")[..8];
        var (workflow, catalog) = Definitions("data-chain", """
              steps:
                - { id: save, task: save, input: { name: "${input.name}", body: "${input.body}" } }
                - { id: load, task: load, depends_on: [save], input: { name: "${input.name}" } }
                - { id: store, task: store, depends_on: [load], input: { body: "${steps.load.output.content}" } }
                - { id: fetch, task: fetch, depends_on: [store], input: { id: "${workflow.id}/store/1" } }
              output:
                mapping: { saved: "${steps.save.output.path}", stored: "${steps.store.output.rows_affected}", fetched: "${steps.fetch.output.rows[0].body}" }
            """);

        var outcome = await RunAsync(workflow, id, new JsonObject { ["name"] = "note", ["body"] = new JsonObject { ["text"] = "'; drop table notes; --" } }, catalog);

        Assert.Equal(InstanceStatus.Completed, outcome.Status);
        Assert.Equal(("note.json", 1), (outcome.Output!["saved"]!.GetValue<string>(), outcome.Output["stored"]!.GetValue<int>()));
        Assert.Equal("'; drop table notes; --", outcome.Output["fetched"]!["text"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(_root.Path, "note.json")));
    }

    [Fact]
    public async Task FileTask_PathOutsideItsRoot_FailsTheStepForGood()
    {
        var (workflow, catalog) = Definitions("data-escape", """
              steps:
                - { id: load, task: load, input: { name: "../../etc/passwd" }, retry: { max_attempts: 3, initial_delay: 10ms } }
            """);

        var outcome = await RunAsync(workflow, "escape-" + Guid.NewGuid().ToString("N")[..8], catalog: catalog);

        Assert.Equal(InstanceStatus.Failed, outcome.Status);
        AssertSteps(outcome, ("load", "failed", 1));
    }

    /// <summary>On the embedded hub.</summary>
    public sealed class OnEmbeddedHub : DataTaskConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => EmbeddedDriver.StartAsync(functions, appSetting);
    }

    /// <summary>On a local Durable worker with orchestrations in memory.</summary>
    public sealed class OnInProcessDurable : DataTaskConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => InProcessDurableDriver.StartAsync(functions, appSetting);
    }

    /// <summary>On a local Durable worker over Azure Storage (Azurite).</summary>
    public sealed class OnAzuriteDurable : DataTaskConformance
    {
        protected override Task<IBackendDriver> CreateAsync(FunctionRegistry functions, Func<string, string?> appSetting) => AzuriteDurableDriver.StartAsync(functions, appSetting);
    }
}
