namespace Baton.Runtime.Catalog;

/// <summary>The database a <see cref="SqlBinding"/> talks to (<c>provider</c> in the catalog).</summary>
public enum SqlProvider
{
    /// <summary>PostgreSQL through Npgsql.</summary>
    Postgresql,

    /// <summary>SQLite through Microsoft.Data.Sqlite.</summary>
    Sqlite,
}
