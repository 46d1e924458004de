using Baton.Runtime.Catalog;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>Runs in-process functions from a <see cref="FunctionRegistry"/>.</summary>
public sealed class FunctionRunner(FunctionRegistry registry) : ITaskRunner
{
    /// <inheritdoc />
    public bool CanRun(TaskBinding binding) => binding is FunctionBinding;

    /// <inheritdoc />
    public async Task<TaskResult> RunAsync(TaskBinding binding, TaskContext context, CancellationToken cancellationToken)
    {
        var name = ((FunctionBinding)binding).Function;
        if (!registry.TryGet(name, out var function))
        {
            return TaskResult.Fail("UnknownFunction", $"No function '{name}' is registered in this host.", retryable: false);
        }
        try
        {
            return TaskResult.Ok(await function(context, cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (NonRetryableTaskException ex)
        {
            return TaskResult.Fail("TaskFailed", ex.Message, retryable: false);
        }
#pragma warning disable CA1031 // A task's exception of any type is the task's failure, reported, never rethrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return TaskResult.Fail("TaskFailed", $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
