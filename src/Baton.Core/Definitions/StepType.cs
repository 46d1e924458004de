namespace Baton.Core.Definitions;

/// <summary>The kinds of step the language knows.</summary>
public enum StepType
{
    /// <summary>Runs a task named in the catalog.</summary>
    Task,
    /// <summary>Evaluates its input mapping into its output and into workflow variables.</summary>
    Set,
    /// <summary>Waits for a duration or until a time, on a durable timer.</summary>
    Wait,
    /// <summary>Fails with a message.</summary>
    Fail,
    /// <summary>Ends the workflow successfully at once.</summary>
    Succeed,
    /// <summary>Waits for an external event raised on the instance; its data becomes the output.</summary>
    Event,
    /// <summary>Chooses one branch: the steps of the first case whose condition holds run, the other branches' steps are skipped.</summary>
    Switch,
    /// <summary>Runs its <c>do</c> task once per item of a list, at most <c>max_concurrency</c> at a time; its output is the items' outputs in order.</summary>
    ForEach,
    /// <summary>Runs its <c>do</c> task again and again while (or until) a condition holds, at most <c>max_iterations</c> times; its output is each iteration's output in order.</summary>
    Loop,
    /// <summary>Runs a registered workflow as a child instance with this step's input; its output is the child's output.</summary>
    Workflow,
    /// <summary>Starts the instance over with this step's input as the workflow input; history so far is compacted away.</summary>
    /// <remarks>Open steps are cancelled; the instance keeps its id, definition version, catalog and unconsumed events.</remarks>
    ContinueAsNew,
}
