namespace Baton.Testing;

/// <summary>A real PostgreSQL server (Debian's package), started once per test process by <c>eng/postgres/start.sh</c> in a
/// fresh cluster on a free loopback port, with a password-protected role.</summary>
/// <remarks>Never skipped: when PostgreSQL cannot start, the tests that need it fail with the script's reason.</remarks>
public static class Postgres
{
    private static readonly Lazy<Task<string>> Started = new(() => ServiceScript.StartAsync("postgres/start.sh", "postgres"));

    /// <summary>The Npgsql connection string of the running server.</summary>
    public static Task<string> ConnectionStringAsync() => Started.Value;
}
