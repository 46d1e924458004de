using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Baton.Core.Definitions;
using Baton.Core.Expressions;

namespace Baton.Runtime.Catalog;

/// <summary>Reads a <c>runner: sql</c> binding: provider, connection setting, statement, parameters and row limit.</summary>
/// <remarks>Refuses a statement with <c>${...}</c> in it (values go in <c>parameters</c>), a parameter the statement never
/// names, and a connection setting that belongs to the host.</remarks>
public static partial class SqlBindingReader
{
    /// <summary>The keys a sql binding reads, besides the common ones.</summary>
    public static readonly string[] Keys = ["runner", "provider", "connection_setting", "statement", "parameters", "max_rows"];

    internal static SqlBinding? Read(ObjectReader r, string name, DiagnosticSink sink)
    {
        var before = sink.Items.Count;
        var provider = r.String("provider", required: true, example: "provider: postgresql");
        SqlProvider? kind = provider switch
        {
            null => null,
            "postgresql" => SqlProvider.Postgresql,
            "sqlite" => SqlProvider.Sqlite,
            _ => null,
        };
        if (provider is not null && kind is null)
        {
            sink.Add("BTN015", r.At("provider"), $"'{Names.Printable(provider)}' is not a SQL provider.", Suggest.UseOneOf(provider, ["postgresql", "sqlite"]));
        }
        var setting = CatalogLoader.SecretSetting(r, sink, "connection_setting", "the database's connection string", "ORDERS_DB");
        var statement = r.String("statement", required: true, example: "statement: select id, total from orders where customer = @customer");
        if (statement is not null && statement.Contains("${", StringComparison.Ordinal))
        {
            sink.Add("BTN095", r.At("statement"), "A SQL statement is never a template: a value put into its text could become SQL.",
                "Name a parameter in the statement (where id = @id) and give its value under 'parameters' (parameters: { id: ${input.id} }).");
        }
        else if (statement is not null && string.IsNullOrWhiteSpace(statement))
        {
            sink.Add("BTN013", r.At("statement"), "The statement is empty.", "Write the SQL statement the task runs.");
        }
        var parameters = ImmutableDictionary.CreateBuilder<string, TemplateTree>(StringComparer.Ordinal);
        foreach (var (key, value) in r.Map("parameters") ?? [])
        {
            var at = $"{r.At("parameters")}.{key}";
            if (!ParameterName().IsMatch(key))
            {
                sink.Add("BTN017", at, $"'{Names.Printable(key)}' is not a parameter name.", "Use letters, digits and '_', starting with a letter or '_'.");
                continue;
            }
            if (statement is not null && !Regex.IsMatch(statement, $@"@{Regex.Escape(key)}(?![A-Za-z0-9_])", RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                sink.Add("BTN096", at, $"The statement never names the parameter '@{key}'.", $"Use @{key} in the statement where its value belongs, or remove the parameter.");
                continue;
            }
            try
            {
                parameters[key] = TemplateTree.Parse(value?.DeepClone());
            }
            catch (TemplateTreeException ex)
            {
                sink.Add("BTN030", $"{at}{(ex.Path.Length > 0 ? "." + ex.Path : "")}", ex.Reason, "Fix the expression.");
            }
        }
        var maxRows = r.Int("max_rows", 1, SqlBinding.RowLimit);
        return sink.Items.Count > before || kind is null || setting is null || statement is null ? null
            : new SqlBinding(name, kind.Value, setting, statement, parameters.ToImmutable(), maxRows ?? SqlBinding.DefaultMaxRows, r.Duration("timeout"));
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex ParameterName();
}
