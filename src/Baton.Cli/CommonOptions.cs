using System.CommandLine;

namespace Baton.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string?> Database() => new("--db")
    {
        Description = "The embedded store's SQLite file (default: BATON_DB, else host.json's baton.database, else .baton/baton.db).",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable JSON." };

    /// <summary><c>--backend</c>: where instances run, <c>embedded</c> (SQLite, the default) or <c>durable</c>.</summary>
    public static Option<string> Backend()
    {
        var backend = new Option<string>("--backend")
        {
            Description = "embedded (SQLite, the default) or durable (the Durable Task Framework on Azure Storage or Azurite; settings AzureWebJobsStorage, BATON_TASK_HUB).",
            DefaultValueFactory = _ => "embedded",
        };
        backend.AcceptOnlyFromAmong("embedded", "durable");
        return backend;
    }

    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "Do not print progress." };

    public static Option<string?> Catalog() => new("--catalog", "-c") { Description = "The catalog binding task names to runners (default: catalog.yaml beside the workflow)." };

    public static Option<string[]> AllowEnv() => new("--allow-env")
    {
        Description = "Environment variables workflows may read as env.NAME (also BATON_ENV_ALLOW, comma-separated).",
        AllowMultipleArgumentsPerToken = false,
    };

    public static IReadOnlySet<string> AllowedEnv(string[]? names) =>
        (names ?? []).Concat(CliSettings.Current.EnvAllowList).ToHashSet(StringComparer.Ordinal);

    /// <summary><c>--workflow NAME</c>: for a file that holds several workflows (model-compose), the one to use.</summary>
    public static Option<string?> Workflow() => new("--workflow") { Description = "For a file that holds several workflows (model-compose): the one to use (default: the file's default one)." };
}
