using System.Collections.Immutable;
using Baton.Core.Expressions;

namespace Baton.Runtime.Catalog;

/// <summary>Runs one parameterised SQL statement over ADO.NET against PostgreSQL (Npgsql) or SQLite (<c>runner: sql</c>).</summary>
/// <remarks>The statement is fixed text: it is never a template, so no value can become SQL. Values reach it only as
/// parameters (<c>@name</c>), each a template over the step's input and <c>task</c>. The connection string is read at
/// dispatch from the app setting <see cref="ConnectionSetting"/>, which <c>BATON_SECRETS_ALLOW</c> must allow; it is
/// never stored or logged. The output is <c>{ rows: [ {column: value} ], row_count, truncated, rows_affected }</c>, with
/// at most <see cref="MaxRows"/> rows (<c>truncated</c> says whether more were left unread).</remarks>
public sealed record SqlBinding(string Name, SqlProvider Provider, string ConnectionSetting, string Statement,
    ImmutableDictionary<string, TemplateTree> Parameters, int MaxRows, TimeSpan? Timeout) : TaskBinding(Name, Timeout)
{
    /// <summary>The most rows a binding may return (<c>max_rows</c>, default 1,000).</summary>
    public const int RowLimit = 100_000;

    /// <summary>The rows returned when <c>max_rows</c> is not given.</summary>
    public const int DefaultMaxRows = 1_000;
}
