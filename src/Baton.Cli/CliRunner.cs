using Baton.Core.Definitions;

namespace Baton.Cli;

/// <summary>Runs a command body and turns every error into one clear line plus details and an exit code.</summary>
internal static class CliRunner
{
    public static async Task<int> Run(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CliError e)
        {
            Report(e);
            return e.ExitCode;
        }
        catch (DefinitionException e)
        {
            Report(new CliError("The definition is invalid.", ExitCodes.InvalidInput, [.. e.Diagnostics.Select(d => d.ToString())]));
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("baton: interrupted.");
            return ExitCodes.Interrupted;
        }
        catch (Runtime.Data.StorageUnavailableException e)
        {
            Report(new CliError(e.Message, ExitCodes.Error, ["Or unset BATON_DATA_STORAGE to keep step data in the database."]));
            return ExitCodes.Error;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException)
        {
            Report(new CliError($"{e.GetType().Name}: {e.Message}", ExitCodes.Error));
            return ExitCodes.Error;
        }
#pragma warning disable CA1031 // The CLI's last line of defence: one clear line, never a stack trace (unless BATON_DEBUG=1).
        catch (Exception e)
#pragma warning restore CA1031
        {
            var debug = Environment.GetEnvironmentVariable("BATON_DEBUG") == "1";
            Report(new CliError($"internal error: {e.GetType().Name}: {e.Message}", ExitCodes.Error,
                debug ? [e.ToString()] : ["Set BATON_DEBUG=1 to see the stack trace, and please report it."]));
            return ExitCodes.Error;
        }
    }

    public static void Report(CliError e)
    {
        Console.Error.WriteLine($"baton: error: {e.Message}");
        foreach (var d in e.Details)
        {
            Console.Error.WriteLine($"  {d}");
        }
    }
}
