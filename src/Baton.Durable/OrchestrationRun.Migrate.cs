using System.Text.Json.Nodes;
using Baton.Abstractions;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;

namespace Baton.Durable;

internal sealed partial class OrchestrationRun
{
    private const string MigrateKey = "migrate";
    private readonly Dictionary<string, WorkflowPlan> _migratedPlans = new(StringComparer.Ordinal);
    private StoredDefinition? _migrated;

    /// <summary>Keeps one wait for migration requests (<see cref="DurableNames.Migrate"/>); it is not work, so it never keeps the
    /// orchestration from being stalled or from continuing as new.</summary>
    private void AwaitMigration()
    {
        if (!_pending.Contains(Kind.Control, MigrateKey))
        {
            var wait = _ctx.WaitForExternalEvent<MigrateMessage>(DurableNames.Migrate);
            _pending.Add(new Pending(wait, Kind.Control, MigrateKey, done =>
            {
                Migrate(((Task<MigrateMessage>)done).Result);
                return null;
            }));
        }
    }

    /// <summary>Moves the instance to the definition a request carries when it still fits (checked again here, where the move is
    /// applied, as the embedded hub's writer does), and shows the outcome under <c>migration</c> in the custom status.</summary>
    private void Migrate(MigrateMessage request)
    {
        IReadOnlyList<string> problems;
        try
        {
            var to = PlanOf(request.Definition);
            problems = Migration.Check(_plan, to, _state);
            if (problems.Count == 0)
            {
                var e = new InstanceMigrated(Now, request.FromVersion, to.Definition.Metadata.Version, request.FromDefinition, request.Definition.Hash, request.Reason);
                if (Apply(e, to))
                {
                    _migrated = request.Definition;
                    _migratedPlans[request.Definition.Hash] = to;
                }
                else
                {
                    problems = [$"The instance no longer runs version {request.FromVersion}."];
                }
            }
        }
        catch (DefinitionException ex)
        {
            problems = [.. ex.Diagnostics.Select(d => d.ToString())];
        }
        _status!["migration"] = new JsonObject
        {
            ["request"] = request.Request,
            ["outcome"] = problems.Count == 0 ? "migrated" : "refused",
            ["problems"] = new JsonArray([.. problems.Select(p => (JsonNode?)p)]),
        };
    }

    /// <summary>The plan of a definition this orchestration was given, with the retry defaults of its catalog.</summary>
    private WorkflowPlan PlanOf(StoredDefinition definition)
    {
        var plan = Plans.Plan(definition);
        return _input.TaskRetries is { Count: > 0 } retries ? plan.WithTaskRetries(retries) : plan;
    }

    private static string[] EventNames(WorkflowPlan plan) =>
        [.. plan.Definition.Steps.Where(s => s.Type == StepType.Event && s.EventName is not null).Select(s => s.EventName!).Distinct(StringComparer.Ordinal)];
}
