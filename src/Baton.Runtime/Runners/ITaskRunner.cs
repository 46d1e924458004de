using Baton.Runtime.Catalog;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>Runs task attempts of one kind of binding.</summary>
/// <remarks>Runners report failures as <see cref="TaskResult.Failure"/> rather than throw; they stop promptly
/// when the token is cancelled (timeout or cancellation), killing whatever they started.</remarks>
public interface ITaskRunner
{
    /// <summary>True when this runner runs bindings of that type.</summary>
    bool CanRun(TaskBinding binding);

    /// <summary>Runs one attempt.</summary>
    Task<TaskResult> RunAsync(TaskBinding binding, TaskContext context, CancellationToken cancellationToken);
}
