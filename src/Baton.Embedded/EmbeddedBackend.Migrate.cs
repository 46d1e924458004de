using Baton.Abstractions;
using Baton.Core.Engine.Events;

namespace Baton.Embedded;

public sealed partial class EmbeddedBackend
{
    /// <inheritdoc />
    /// <remarks>Checked here for the answer, then again by the writer in the transaction that records the move, so an instance
    /// that moved on in between is refused (and the reasons it has then are given) rather than moved unsafely.</remarks>
    public async Task<MigrationResult?> MigrateAsync(MigrationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureStarted();
        for (var attempt = 0; ; attempt++)
        {
            if (await _store.LoadInstanceAsync(request.InstanceId, cancellationToken).ConfigureAwait(false) is not { } record)
            {
                return null;
            }
            var (state, binding) = (record.State, record.Binding);
            var version = request.Target.Version;
            var (_, problems) = await Runtime.Catalog.MigrationCheck.CheckAsync(_plans, binding.DefinitionHash, binding.CatalogHash, request.Target, state,
                _executor.FunctionNames, cancellationToken).ConfigureAwait(false);
            if (problems.Count > 0 || request.DryRun)
            {
                return new MigrationResult(problems.Count > 0 ? MigrationOutcome.Refused : MigrationOutcome.Compatible, state.WorkflowVersion, version, problems);
            }
            await SaveOnceAsync(request.Target, cancellationToken).ConfigureAwait(false);
            var migrated = new InstanceMigrated(default, state.WorkflowVersion, version, state.Definition ?? binding.DefinitionHash, request.Target.Hash, request.Reason);
            if (await SendAsync(new HubWriter.Message(request.InstanceId, migrated, null), cancellationToken).ConfigureAwait(false))
            {
                return new MigrationResult(MigrationOutcome.Migrated, state.WorkflowVersion, version, []);
            }
            if (attempt == 1)
            {
                return new MigrationResult(MigrationOutcome.Refused, state.WorkflowVersion, version,
                    ["The instance kept changing while it was being moved; try again."]);
            }
        }
    }
}
