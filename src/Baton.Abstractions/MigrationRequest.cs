namespace Baton.Abstractions;

/// <summary>A request to move an instance to another version of its workflow (see <see cref="IWorkflowBackend.MigrateAsync"/>).</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="Target">The definition of the version it would run, as registered.</param>
/// <param name="Reason">Why, for history.</param>
/// <param name="DryRun">True to check only: nothing changes.</param>
public sealed record MigrationRequest(string InstanceId, StoredDefinition Target, string Reason, bool DryRun);
