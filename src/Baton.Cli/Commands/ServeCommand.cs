using System.Collections;
using System.CommandLine;
using Baton.Host;
using Baton.Storage.Sqlite;

namespace Baton.Cli.Commands;

/// <summary><c>baton serve</c>: runs the control plane (HTTP API, Durable Functions routes) on the embedded store, or with
/// <c>--backend durable</c> on the Durable backend (this process joins the task hub as a worker).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var db = CommonOptions.Database();
        var backend = CommonOptions.Backend();
        var cmd = new Command("serve", "Run the control plane: the HTTP API and Durable Functions compatible routes.") { urls, db, backend };
        cmd.SetAction((parse, ct) => CliRunner.Run(async () =>
        {
            var dbPath = CliSettings.Database(parse.GetValue(db));
            var durable = parse.GetValue(backend) == "durable";
            var env = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
            BatonHost host;
            try
            {
                host = await BatonHost.StartAsync(new BatonHostOptions(CliSettings.Current)
                {
                    Urls = parse.GetValue(urls)!,
                    Database = dbPath,
                    Environment = env,
                    Backend = durable ? DurableWorkerSettings.ForServe : null,
                }, ct).ConfigureAwait(false);
            }
            catch (Runtime.Data.StorageUnavailableException ex) when (durable)
            {
                throw DurableWorkerSettings.Unreachable(ex);
            }
            catch (StoreLockedException ex)
            {
                throw new CliError(ex.Message, ExitCodes.Error, ["Stop the other process, or use another --db."]);
            }
            catch (SchemaVersionException ex)
            {
                throw new CliError(ex.Message, ExitCodes.Error);
            }
            catch (IOException ex) when (ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliError($"Cannot listen on {parse.GetValue(urls)}: {ex.Message}", ExitCodes.Error, ["Choose another port with --urls."]);
            }
            await using (host)
            {
                Console.Error.WriteLine(durable
                    ? $"baton: serving {string.Join(", ", host.Addresses)} on the Durable backend (task hub {DurableWorkerSettings.Hub}, this process one of its workers)"
                    : $"baton: serving {string.Join(", ", host.Addresses)} on {dbPath} (hub {CliSettings.Current.HubName})");
                Console.Error.WriteLine($"baton: keys in {Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dbPath))!, "host.keys.json")} (or BATON_ADMIN_KEY / BATON_FUNCTION_KEY)");
                Console.Error.WriteLine("baton: press Ctrl+C to stop; unfinished work resumes on the next start.");
                try
                {
                    await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C.
                }
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
