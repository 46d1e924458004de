using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Baton.Abstractions;

namespace Baton.Embedded;

public sealed partial class EmbeddedBackend : ISubWorkflowHost
{
    /// <inheritdoc />
    /// <remarks>The child's id comes from the attempt (<c>{parent}.{step}.{attempt}</c>), so an attempt delivered again
    /// after a crash finds the child its first delivery started and waits for it. The child runs the registered version
    /// (pinned when it starts) with the parent's catalog. Cancelling the attempt (the parent's step is cancelled, or the
    /// parent terminated) terminates the child; stopping this host does not, so the child goes on after a restart.</remarks>
    public async Task<TaskResult> RunChildAsync(TaskContext parent, SubWorkflowBinding binding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(binding);
        var (definition, problem) = await Registry.ResolveAsync("workflow", binding.Workflow, binding.Version, cancellationToken).ConfigureAwait(false);
        if (definition is null)
        {
            return TaskResult.Fail("UnknownWorkflow", problem!, retryable: false);
        }
        var catalog = parent.CatalogHash is { } hash ? await _store.GetDefinitionAsync(hash, cancellationToken).ConfigureAwait(false) : null;
        var childId = ChildId(parent);
        try
        {
            await StartInstanceAsync(new StartRequest(definition, catalog, parent.Input?.DeepClone(), childId), cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceExistsException)
        {
            // A redelivered attempt: the child its first delivery started is the one to wait for.
        }
        catch (Exception ex) when (ex is InvalidInputException or DefinitionException)
        {
            return TaskResult.Fail("InvalidChildStart", $"Workflow '{binding.Workflow}' cannot start with this input: {ex.Message}", retryable: false);
        }
        InstanceState final;
        try
        {
            final = await WaitForCompletionAsync(childId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            await TerminateAsync(childId, $"its parent step '{parent.StepId}' of '{parent.InstanceId}' was cancelled", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return final.Status == InstanceStatus.Completed
            // The child's Blob data is the child's: read back here, it is kept again as the parent's.
            ? new TaskResult.Success(await Runtime.Data.BlobClaimCheck.ReadBackAsync(_options.Data, childId, final.Output?.DeepClone(), cancellationToken).ConfigureAwait(false))
            : TaskResult.Fail("ChildWorkflowFailed",
                $"Workflow '{binding.Workflow}' (instance {childId}) ended {final.Status}: {final.Error?.Code}: {final.Error?.Message}", retryable: false);
    }

    /// <summary>The child instance id of an attempt (see <see cref="SubWorkflowBinding.ChildId"/>).</summary>
    internal static string ChildId(TaskContext parent) => SubWorkflowBinding.ChildId(parent.InstanceId, parent.StepId, parent.Attempt, parent.IdempotencyKey);
}
