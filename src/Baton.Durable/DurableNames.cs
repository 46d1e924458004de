namespace Baton.Durable;

/// <summary>The names Baton's functions and events have on the Durable Task Framework.</summary>
/// <remarks>Stable across versions: running instances are replayed by name, so these never change.</remarks>
public static class DurableNames
{
    /// <summary>The generic orchestrator that interprets a workflow definition.</summary>
    public const string Orchestrator = "BatonWorkflow";

    /// <summary>The activity that runs one task attempt through Baton's runners.</summary>
    public const string TaskActivity = "BatonTask";

    /// <summary>The activity that keeps a failed instance's engine state, so it can be rewound.</summary>
    public const string KeepState = "BatonKeepState";

    /// <summary>The activity that keeps the engine events of an execution that ended (continued as new, or failed and was
    /// rewound), so an instance's history survives the framework dropping that execution's.</summary>
    public const string KeepHistory = "BatonKeepHistory";

    /// <summary>The activity that keeps a value's Blob data again under another instance, so a child can read the large
    /// values in its input and a parent those in its child's output (each instance reads only its own).</summary>
    public const string CopyData = "BatonCopyData";

    /// <summary>The activity that finds the registered workflow a <c>workflow</c> step runs, so the orchestrator can
    /// start it as a sub-orchestration pinned to that definition.</summary>
    public const string ResolveWorkflow = "BatonResolveWorkflow";

    /// <summary>The external event that asks an instance to move to another version of its workflow (<see cref="MigrateMessage"/>).</summary>
    /// <remarks>Its <c>baton.</c> prefix is reserved: the API refuses to raise it from outside. A property, not a constant: the
    /// constants here name functions.</remarks>
    public static string Migrate => "baton.migrate";

    private const string ReportPrefix = "baton.task-report:";

    /// <summary>The external event that carries a service's reports on one attempt of an event-bound task.</summary>
    /// <remarks>Step ids never contain ':', so <c>baton.task-report:{step}:{attempt}</c> cannot collide with the name of
    /// an event a workflow's <c>event</c> step waits for unless a workflow chooses that very name.</remarks>
    public static string TaskReport(string stepId, int attempt) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ReportPrefix}{stepId}:{attempt}");
}
