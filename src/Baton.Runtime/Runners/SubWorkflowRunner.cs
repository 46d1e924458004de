using Baton.Runtime.Catalog;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>Runs workflow steps: each attempt is a child instance of the named registered workflow.</summary>
public sealed class SubWorkflowRunner(ISubWorkflowHost host) : ITaskRunner
{
    /// <inheritdoc />
    public bool CanRun(TaskBinding binding) => binding is SubWorkflowBinding;

    /// <inheritdoc />
    public Task<TaskResult> RunAsync(TaskBinding binding, TaskContext context, CancellationToken cancellationToken) =>
        host.RunChildAsync(context, (SubWorkflowBinding)binding, cancellationToken);
}
