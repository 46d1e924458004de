using Baton.Core.Definitions;
using Baton.Runtime.Catalog;

namespace Baton.Runtime.Tests.Catalog;

/// <summary>SQL bindings in a catalog: a fixed statement with named parameters, never a template, and only settings of the user's own.</summary>
public sealed class SqlBindingReaderTests
{
    private const string Head = "apiVersion: baton.dev/v1\nkind: Catalog\ntasks:\n";

    private static (TaskCatalog? Catalog, IReadOnlyList<Diagnostic> Problems) Load(string tasks) =>
        CatalogLoader.Load(Head + tasks, "catalog.yaml", "/tmp");

    private static Diagnostic Problem(string tasks)
    {
        var (catalog, problems) = Load(tasks);
        Assert.Null(catalog);
        return Assert.Single(problems);
    }

    [Fact]
    public void Load_StatementWithParameters_BuildsBinding()
    {
        var (catalog, problems) = Load("""
              orders:
                runner: sql
                provider: postgresql
                connection_setting: ORDERS_DB
                statement: select id from orders where customer = @customer and total > @min
                parameters: { customer: "${input.customer}", min: 10 }
                max_rows: 50
            """);

        Assert.Empty(problems);
        var b = Assert.IsType<SqlBinding>(catalog!.Tasks["orders"]);
        Assert.Equal((SqlProvider.Postgresql, "ORDERS_DB", 50), (b.Provider, b.ConnectionSetting, b.MaxRows));
        Assert.Equal(["customer", "min"], b.Parameters.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_NoMaxRows_DefaultsToAThousand()
    {
        var (catalog, _) = Load("  q: { runner: sql, provider: sqlite, connection_setting: DB, statement: select 1 }\n");
        Assert.Equal(SqlBinding.DefaultMaxRows, Assert.IsType<SqlBinding>(catalog!.Tasks["q"]).MaxRows);
    }

    [Fact]
    public void Load_TemplateInStatement_IsRefusedWithTheParameterFix()
    {
        var d = Problem("  q: { runner: sql, provider: sqlite, connection_setting: DB, statement: \"select * from t where id = '${input.id}'\" }\n");
        Assert.Equal(("BTN095", "tasks.q.statement"), (d.Code, d.Path));
        Assert.Contains("parameters: { id: ${input.id} }", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ParameterTheStatementNeverNames_IsRefused()
    {
        var d = Problem("  q: { runner: sql, provider: sqlite, connection_setting: DB, statement: select @id_2, parameters: { id: 1 } }\n");
        Assert.Equal(("BTN096", "tasks.q.parameters.id"), (d.Code, d.Path));
    }

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("BATON_API_KEYS")]
    [InlineData("ORDERS_CONNECTION_STRING")]
    public void Load_HostsOwnSetting_IsRefused(string setting)
    {
        var d = Problem($"  q: {{ runner: sql, provider: sqlite, connection_setting: {setting}, statement: select 1 }}\n");
        Assert.Equal(("BTN092", "tasks.q.connection_setting"), (d.Code, d.Path));
    }

    [Fact]
    public void Load_UnknownProvider_SuggestsTheNearestOne()
    {
        var d = Problem("  q: { runner: sql, provider: postgres, connection_setting: DB, statement: select 1 }\n");
        Assert.Equal(("BTN015", "tasks.q.provider"), (d.Code, d.Path));
        Assert.Contains("postgresql", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MaxRowsOverTheLimit_IsRefused()
    {
        var d = Problem("  q: { runner: sql, provider: sqlite, connection_setting: DB, statement: select 1, max_rows: 100001 }\n");
        Assert.Equal(("BTN013", "tasks.q.max_rows"), (d.Code, d.Path));
    }
}
