using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Abstractions;
using Baton.Core.Definitions;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Baton.Testing;

namespace Baton.Runtime.Tests.Runners;

/// <summary>The SQL runner against real databases: a PostgreSQL server from Debian's package and a SQLite file, with the
/// same scenarios on each (parameters stay data, rows come back as JSON, limits, errors, settings).</summary>
public abstract class SqlRunnerTests : IAsyncLifetime
{
    private readonly Dictionary<string, string> _settings = new(StringComparer.Ordinal) { [SettingNames.SecretsAllowSetting] = "APP_DB" };
    private readonly string _table = "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The provider under test.</summary>
    protected abstract SqlProvider Provider { get; }

    /// <summary>The connection string of a fresh database of that provider.</summary>
    protected abstract Task<string> ConnectionStringAsync();

    private SqlRunner Runner => new(name => _settings.GetValueOrDefault(name));

    public async Task InitializeAsync()
    {
        _settings["APP_DB"] = await ConnectionStringAsync();
        var created = await RunAsync($"create table {_table} (id integer primary key, name text, score numeric, tags text)");
        Assert.IsType<TaskResult.Success>(created);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private Task<TaskResult> RunAsync(string statement, string parameters = "{}", JsonNode? input = null, int maxRows = SqlBinding.DefaultMaxRows,
        CancellationToken cancellationToken = default)
    {
        var binding = new SqlBinding("q", Provider, "APP_DB", statement,
            JsonNode.Parse(parameters)!.AsObject().ToImmutableDictionary(p => p.Key, p => TemplateTree.Parse(p.Value?.DeepClone()), StringComparer.Ordinal),
            maxRows, null);
        return Runner.RunAsync(binding, new TaskContext("i-1", "s", 1, "i-1/s/1", "q", input), cancellationToken);
    }

    private static JsonObject Output(TaskResult result) => Assert.IsType<JsonObject>(Assert.IsType<TaskResult.Success>(result).Output);

    [Fact]
    public async Task RunAsync_InsertThenSelect_ReturnsRowsAsJson()
    {
        var inserted = Output(await RunAsync($"insert into {_table} (id, name, score) values (@id, @name, @score), (2, 'b', 2.5)",
            """{ "id": "${input.id}", "name": "${input.name}", "score": 1.25 }""", new JsonObject { ["id"] = 1, ["name"] = "a" }));
        var selected = Output(await RunAsync($"select id, name, score from {_table} where id >= @min order by id", """{ "min": 1 }"""));

        Assert.Equal(2, inserted["rows_affected"]!.GetValue<int>());
        Assert.Equal("""[{"id":1,"name":"a","score":1.25},{"id":2,"name":"b","score":2.5}]""", selected["rows"]!.ToJsonString());
        Assert.Equal((2, false), (selected["row_count"]!.GetValue<int>(), selected["truncated"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task RunAsync_ValueThatLooksLikeSql_StaysData()
    {
        const string hostile = "x'); drop table users; --";
        Output(await RunAsync($"insert into {_table} (id, name) values (1, @name)", """{ "name": "${input.name}" }""", new JsonObject { ["name"] = hostile }));

        var rows = Output(await RunAsync($"select name from {_table}"))["rows"]!.AsArray();

        Assert.Equal(hostile, Assert.Single(rows)!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_MoreRowsThanMaxRows_ReturnsTheFirstAndSaysTruncated()
    {
        Output(await RunAsync($"insert into {_table} (id) values (1), (2), (3), (4)"));

        var output = Output(await RunAsync($"select id from {_table} order by id", maxRows: 3));

        Assert.Equal("""[{"id":1},{"id":2},{"id":3}]""", output["rows"]!.ToJsonString());
        Assert.True(output["truncated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RunAsync_SyntaxError_FailsForGoodWithTheDatabasesMessage()
    {
        var failed = Assert.IsType<TaskResult.Failure>(await RunAsync($"selec id from {_table}"));

        Assert.Equal(("SqlError", false), (failed.Error.Code, failed.Retryable));
        Assert.Contains("selec", failed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TwoColumnsOfOneName_FailsNamingTheColumn()
    {
        var failed = Assert.IsType<TaskResult.Failure>(await RunAsync("select 1 as a, 2 as a"));
        Assert.Contains("two columns named 'a'", failed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SettingNotAllowed_FailsBeforeConnecting()
    {
        _settings[SettingNames.SecretsAllowSetting] = "OTHER";
        var failed = Assert.IsType<TaskResult.Failure>(await RunAsync("select 1"));
        Assert.Equal(("SettingNotAllowed", false), (failed.Error.Code, failed.Retryable));
    }

    [Fact]
    public async Task RunAsync_SettingEmpty_FailsNamingIt()
    {
        _settings["APP_DB"] = "";
        var failed = Assert.IsType<TaskResult.Failure>(await RunAsync("select 1"));
        Assert.Equal("MissingSetting", failed.Error.Code);
        Assert.Contains("APP_DB", failed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NullAndBooleanParameters_RoundTrip()
    {
        var result = await RunAsync("select @nothing as absent, @yes as yes", """{ "nothing": null, "yes": true }""");
        Assert.True(result is TaskResult.Success, (result as TaskResult.Failure)?.Error.Message);
        var output = Output(result);
        var row = output["rows"]![0]!;
        Assert.Null(row["absent"]);
        Assert.Contains(row["yes"]!.ToJsonString(), new[] { "true", "1" });
    }

    /// <summary>On PostgreSQL: arrays bind as PostgreSQL arrays, objects as jsonb, and a cancelled attempt cancels its statement on the server.</summary>
    public sealed class OnPostgresql : SqlRunnerTests
    {
        protected override SqlProvider Provider => SqlProvider.Postgresql;

        protected override Task<string> ConnectionStringAsync() => Postgres.ConnectionStringAsync();

        [Fact]
        public async Task RunAsync_ArrayAndObjectParameters_BindAsArrayAndJsonb()
        {
            Output(await RunAsync($"insert into {_table} (id, name) values (1, 'a'), (2, 'b'), (3, 'c')"));

            var picked = Output(await RunAsync($"select id from {_table} where id = any(@ids) order by id", """{ "ids": [1, 3] }"""));
            var json = Output(await RunAsync("select @doc as doc, jsonb_typeof(@doc) as kind", """{ "doc": { "a": [1, "x"] } }"""));

            Assert.Equal("""[{"id":1},{"id":3}]""", picked["rows"]!.ToJsonString());
            Assert.Equal("""[{"doc":{"a":[1,"x"]},"kind":"object"}]""", json["rows"]!.ToJsonString());
        }

        [Fact]
        public async Task RunAsync_Cancelled_CancelsTheStatementOnTheServer()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync("select pg_sleep(60)", cancellationToken: cts.Token));

            // Cancelling sends PostgreSQL a cancel request; poll until the server no longer runs the statement.
            var sleeping = -1;
            for (var deadline = DateTime.UtcNow.AddSeconds(10); sleeping != 0 && DateTime.UtcNow < deadline;)
            {
                var active = Output(await RunAsync("select count(*)::int as n from pg_stat_activity where query = 'select pg_sleep(60)' and state = 'active'"));
                sleeping = active["rows"]![0]!["n"]!.GetValue<int>();
            }
            Assert.Equal(0, sleeping);
        }
    }

    /// <summary>On a SQLite file: arrays and objects bind as JSON text for SQLite's JSON functions.</summary>
    public sealed class OnSqlite : SqlRunnerTests
    {
        private readonly TempDirectory _dir = new();

        protected override SqlProvider Provider => SqlProvider.Sqlite;

        protected override Task<string> ConnectionStringAsync() => Task.FromResult($"Data Source={_dir.File("app.db")};Pooling=False");

        public override Task DisposeAsync()
        {
            _dir.Dispose();
            return Task.CompletedTask;
        }

        [Fact]
        public async Task RunAsync_ArrayParameter_BindsAsJsonText()
        {
            Output(await RunAsync($"insert into {_table} (id) values (1), (2), (3)"));
            var picked = Output(await RunAsync($"select id from {_table} where id in (select value from json_each(@ids)) order by id", """{ "ids": [1, 3] }"""));
            Assert.Equal("""[{"id":1},{"id":3}]""", picked["rows"]!.ToJsonString());
        }
    }
}
