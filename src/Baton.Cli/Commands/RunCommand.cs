using System.Collections.Immutable;
using System.CommandLine;
using Baton.Runtime.Registration;
using Baton.Abstractions;
using Baton.Runtime.Catalog;

namespace Baton.Cli.Commands;

/// <summary><c>baton run</c>: runs a workflow to completion on the embedded store with live progress.</summary>
/// <remarks>Progress goes to stderr and the output JSON to stdout, so the output can be piped. Exit code 0 when
/// the workflow completed, 1 when it failed, 2 for invalid definitions or input, 130 when interrupted (the
/// instance stays in the store; <c>baton resume</c> finishes it).</remarks>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The workflow file (YAML or JSON)." };
        var input = new Option<string[]>("--input", "-i") { Description = "An input value as key=value (repeatable; JSON values keep their type)." };
        var inputFile = new Option<string?>("--input-file") { Description = "A JSON file holding the input." };
        var id = new Option<string?>("--id") { Description = "The instance id to use (default: a new one)." };
        var db = CommonOptions.Database();
        var catalog = CommonOptions.Catalog();
        var quiet = CommonOptions.Quiet();
        var allowEnv = CommonOptions.AllowEnv();
        var backend = CommonOptions.Backend();
        var sequence = new Option<string?>("--sequence") { Description = "For a Keptn shipyard: the sequence to run, as <stage>.<sequence> (linked sequences follow it)." };
        var workflow = CommonOptions.Workflow();
        var cmd = new Command("run", "Run a workflow to completion on the embedded store (or the Durable backend).") { file, input, inputFile, id, db, catalog, quiet, allowEnv, backend, sequence, workflow };
        cmd.SetAction((parse, ct) => CliRunner.Run(async () =>
        {
            var allowed = CommonOptions.AllowedEnv(parse.GetValue(allowEnv));
            var shipyard = DefinitionFiles.LoadShipyard(parse.GetValue(file)!, parse.GetValue(sequence), parse.GetValue(catalog), allowed);
            if (shipyard is null && parse.GetValue(sequence) is not null)
            {
                throw new CliError("--sequence is for a Keptn shipyard (kind: Shipyard); this file is a workflow.", ExitCodes.InvalidInput, ["Leave out --sequence."]);
            }
            if (shipyard is { Chosen: null, All: var choices })
            {
                throw new CliError($"{parse.GetValue(file)} is a Keptn shipyard: name the sequence to run.", ExitCodes.InvalidInput,
                    [$"Use --sequence with one of: {string.Join(", ", choices.Select(c => c.Name))}."]);
            }
            var loaded = shipyard?.Chosen ?? DefinitionFiles.Load(parse.GetValue(file)!, parse.GetValue(catalog), allowed, parse.GetValue(workflow));
            var handedOver = loaded.Definition.Steps.Select(st => st.Body ?? st).Where(st => st.Task is { } t && loaded.Catalog.Tasks.GetValueOrDefault(t) is Runtime.Catalog.EventBinding)
                .Select(st => st.Id).ToList();
            if (handedOver.Count > 0)
            {
                // Nothing in `baton run` could receive the services' answers, so the steps would wait until their timeout.
                throw new CliError("This workflow has event tasks, which need a host to receive their services' answers.", ExitCodes.InvalidInput,
                    [$"Event steps: {string.Join(", ", handedOver)}.", "Run it on `baton serve` and start it with `baton start <workflow> --server URL` (see examples/phone-check)."]);
            }
            var value = Inputs.Build(parse.GetValue(inputFile), parse.GetValue(input) ?? []);
            var env = allowed.Select(n => (n, v: Environment.GetEnvironmentVariable(n))).Where(p => p.v is not null)
                .ToImmutableSortedDictionary(p => p.n, p => p.v!, StringComparer.Ordinal);
            var instanceId = parse.GetValue(id) ?? CliSettings.Context.Ids.NewId();
            var dbPath = CliSettings.Database(parse.GetValue(db));
            try
            {
                // Checked here as well as by the hub, so a refused run does not even create the store.
                PlanCache.CheckInput(loaded.Plan, value);
            }
            catch (InvalidInputException e)
            {
                throw new CliError(InvalidInputException.Summary, ExitCodes.InvalidInput, e.Errors);
            }
            if (parse.GetValue(backend) == "durable")
            {
                return await DurableRun.RunAsync(loaded, value, instanceId, env, parse.GetValue(quiet), shipyard?.All ?? loaded.Siblings, ct).ConfigureAwait(false);
            }
            await using var hub = await HubFactory.StartAsync(dbPath, ct).ConfigureAwait(false);
            new ProgressPrinter(Console.Error, !parse.GetValue(quiet)).Attach(hub, x => x == instanceId);
            if ((shipyard?.All ?? loaded.Siblings) is { Count: > 0 } registered)
            {
                // A shipyard's linked sequences and the other workflows of a model-compose file run as child workflows: registered first.
                await ShipyardUploads.RegisterAsync(hub.Registry, registered, ct).ConfigureAwait(false);
            }
            var meta = loaded.Definition.Metadata;
            Console.Error.WriteLine($"baton: running {meta.Name} v{meta.Version} as instance {instanceId} (store {dbPath})");
            try
            {
                await hub.StartInstanceAsync(new StartRequest(loaded.Stored, loaded.StoredCatalog, value, instanceId, env) { Plan = loaded.Plan }, ct).ConfigureAwait(false);
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
                throw new CliError(e.Message, ExitCodes.InvalidInput, [$"Resume it with: baton resume --db {dbPath} --id {instanceId}"]);
            }
            try
            {
                var final = await hub.WaitForCompletionAsync(instanceId, ct).ConfigureAwait(false);
                return Outcome.Print(final with { Output = await hub.ReadValueAsync(instanceId, final.Output, ct).ConfigureAwait(false) });
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"baton: interrupted; the instance is saved. Finish it with: baton resume --db {dbPath} --id {instanceId}");
                return ExitCodes.Interrupted;
            }
        }));
        return cmd;
    }
}
