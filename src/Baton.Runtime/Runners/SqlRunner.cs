using System.Data.Common;
using System.Text.Json.Nodes;
using Baton.Abstractions;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;

namespace Baton.Runtime.Runners;

/// <summary>Runs <c>runner: sql</c> bindings: one parameterised statement per attempt, on a pooled connection.</summary>
/// <remarks>The statement's text is the catalog's; values are bound as parameters only. A database error the provider
/// calls transient (a lost connection, a deadlock, a serialization failure, a busy SQLite file) is retryable; any
/// other (a syntax error, a constraint violation) fails the attempt for good with the database's code (SQLSTATE on
/// PostgreSQL). Cancellation (the step's timeout) cancels the statement on the server. Every attempt runs the
/// statement again, so a statement with side effects should be idempotent: bind <c>${task.idempotency_key}</c> and
/// write with <c>on conflict do nothing</c>.</remarks>
public sealed class SqlRunner(Func<string, string?> settings) : ITaskRunner
{
    /// <inheritdoc />
    public bool CanRun(TaskBinding binding) => binding is SqlBinding;

    /// <inheritdoc />
    public async Task<TaskResult> RunAsync(TaskBinding binding, TaskContext context, CancellationToken cancellationToken)
    {
        var b = (SqlBinding)binding;
        var (connectionString, refused) = BindingSecrets.Read(settings, b.Name, b.ConnectionSetting, "the connection string");
        if (refused is not null)
        {
            return refused;
        }
        Dictionary<string, JsonNode?> values;
        try
        {
            var ctx = context.TemplateContext();
            values = b.Parameters.ToDictionary(p => p.Key, p => p.Value.Evaluate(ctx), StringComparer.Ordinal);
        }
        catch (ExpressionException ex)
        {
            return TaskResult.Fail("ExpressionError", ex.Message, retryable: false);
        }
        DbConnection connection;
        try
        {
            connection = Open(b.Provider, connectionString!);
        }
        catch (ArgumentException ex)
        {
            // The message of a malformed connection string names the key at fault, never the value.
            return TaskResult.Fail("InvalidConnectionString", $"The app setting '{b.ConnectionSetting}' is not a usable {b.Provider} connection string: {ex.Message}", retryable: false);
        }
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = connection.CreateCommand();
                command.CommandText = b.Statement;
                command.CommandTimeout = 0; // the step's timeout cancels the statement instead
                foreach (var (name, value) in values)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    SqlValues.Bind(parameter, b.Provider, value);
                    command.Parameters.Add(parameter);
                }
                return TaskResult.Ok(await ReadAsync(command, b.MaxRows, cancellationToken).ConfigureAwait(false));
            }
            catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
            {
                var code = ex.SqlState is { Length: > 0 } state ? $" (SQLSTATE {state})" : "";
                return TaskResult.Fail(ex.IsTransient ? "SqlTransientError" : "SqlError", $"'{b.Name}' failed{code}: {ex.Message}", retryable: ex.IsTransient);
            }
            catch (InvalidOperationException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return TaskResult.Fail("SqlError", $"'{b.Name}' failed: {ex.Message}", retryable: false);
            }
        }
    }

    private static DbConnection Open(SqlProvider provider, string connectionString) => provider switch
    {
        SqlProvider.Postgresql => new Npgsql.NpgsqlConnection(connectionString),
        _ => new Microsoft.Data.Sqlite.SqliteConnection(connectionString),
    };

    private static async Task<JsonObject> ReadAsync(DbCommand command, int maxRows, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new JsonArray();
        var truncated = false;
        if (reader.FieldCount > 0)
        {
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            if (names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new InvalidOperationException($"the statement returns two columns named '{twice.Key}'; give one of them another name with 'as'.");
            }
            var types = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetDataTypeName(i).ToLowerInvariant()).ToArray();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (rows.Count == maxRows)
                {
                    truncated = true;
                    break;
                }
                var row = new JsonObject();
                for (var i = 0; i < names.Length; i++)
                {
                    row[names[i]] = SqlValues.Read(reader.IsDBNull(i) ? null : reader.GetValue(i), types[i]);
                }
                rows.Add(row);
            }
        }
        // RecordsAffected is known once the reader is closed; -1 for a statement that changes nothing.
        await reader.CloseAsync().ConfigureAwait(false);
        var output = new JsonObject
        {
            ["rows"] = rows,
            ["row_count"] = rows.Count,
            ["truncated"] = truncated,
            ["rows_affected"] = Math.Max(reader.RecordsAffected, 0),
        };
        // As JSON read from text, the way every other runner's output is, so a consumer reads numbers by any numeric type.
        return (JsonObject)JsonNode.Parse(output.ToJsonString())!;
    }
}
