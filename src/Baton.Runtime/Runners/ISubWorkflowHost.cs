using Baton.Runtime.Catalog;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>Starts and awaits a child workflow instance; the host that can do so (the embedded hub) provides it.</summary>
public interface ISubWorkflowHost
{
    /// <summary>Runs the attempt's child instance to its end (starting it unless an earlier delivery did) and says how it ended.</summary>
    Task<TaskResult> RunChildAsync(TaskContext parent, SubWorkflowBinding binding, CancellationToken cancellationToken);
}
