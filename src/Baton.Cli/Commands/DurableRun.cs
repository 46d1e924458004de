using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Abstractions;

namespace Baton.Cli.Commands;

/// <summary><c>baton run --backend durable</c>: runs a workflow on the Durable backend, this process being one worker.</summary>
/// <remarks>Progress comes from the orchestrator's custom status, polled: one line per step change. Other workers of
/// the same hub (<c>baton worker</c>) share the work.</remarks>
internal static class DurableRun
{
    /// <summary>Runs the workflow; <paramref name="sequences"/> are a shipyard's sequences, registered first so linked ones can start.</summary>
    public static async Task<int> RunAsync(DefinitionFiles.Loaded loaded, JsonNode? input, string instanceId,
        ImmutableSortedDictionary<string, string> env, bool quiet, IReadOnlyList<Baton.Abstractions.StoredDefinition> sequences, CancellationToken ct)
    {
        await using var backend = await DurableWorkerSettings.StartAsync(ct).ConfigureAwait(false);
        if (sequences.Count > 0)
        {
            await Runtime.Registration.ShipyardUploads.RegisterAsync(backend.Registry, sequences, ct).ConfigureAwait(false);
        }
        var meta = loaded.Definition.Metadata;
        Console.Error.WriteLine($"baton: running {meta.Name} v{meta.Version} as instance {instanceId} (Durable task hub {DurableWorkerSettings.Hub})");
        try
        {
            await backend.Workflows.StartAsync(new StartRequest(loaded.Stored, loaded.StoredCatalog, input, instanceId, env) { Plan = loaded.Plan }, ct).ConfigureAwait(false);
        }
        catch (InvalidInputException e)
        {
            throw new CliError(InvalidInputException.Summary, ExitCodes.InvalidInput, e.Errors);
        }
        catch (InvalidInstanceIdException e)
        {
            throw new CliError(e.Message, ExitCodes.InvalidInput, ["Choose another --id."]);
        }
        catch (InstanceExistsException e)
        {
            throw new CliError(e.Message, ExitCodes.InvalidInput, ["Choose another --id."]);
        }
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var i = await backend.Workflows.GetAsync(instanceId, ct).ConfigureAwait(false);
            if (i is not null && !quiet)
            {
                foreach (var (step, (status, attempt)) in i.Steps)
                {
                    var line = $"{status}{(attempt > 1 ? $" (attempt {attempt})" : "")}";
                    if (shown.GetValueOrDefault(step) != line && status != "pending")
                    {
                        shown[step] = line;
                        Console.Error.WriteLine($"  {Glyph(status)} {step,-28} {line}");
                    }
                }
            }
            if (i is { Status: InstanceStatus.Completed or InstanceStatus.Failed or InstanceStatus.Terminated })
            {
                return Outcome.Print(meta.Name, i.Status, i.Output, i.Error, i.UpdatedAt - i.CreatedAt);
            }
            try
            {
                await Task.Delay(250, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"baton: interrupted; instance {instanceId} keeps its state in task hub {DurableWorkerSettings.Hub}: any `baton worker` of the hub finishes it.");
                return ExitCodes.Interrupted;
            }
        }
    }

    private static string Glyph(string status) => status switch
    {
        "running" => "▶",
        "succeeded" => "✔",
        "skipped" => "⤼",
        "waiting" => "⏸",
        "waiting_retry" => "↻",
        "failed" => "✘",
        "cancelled" => "■",
        _ => "·",
    };
}
