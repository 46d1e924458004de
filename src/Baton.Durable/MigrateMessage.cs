using Baton.Abstractions;

namespace Baton.Durable;

/// <summary>What a migration request carries to the generic orchestrator (<see cref="DurableNames.Migrate"/>): the definition to
/// move to, in full, because an orchestrator reads no store.</summary>
/// <param name="Request">The request's id, which the orchestrator's custom status echoes with the outcome.</param>
/// <param name="Definition">The definition to move to.</param>
/// <param name="FromVersion">The version the caller saw the instance run.</param>
/// <param name="FromDefinition">The content hash of the definition the caller saw it run.</param>
/// <param name="Reason">Why, for history.</param>
public sealed record MigrateMessage(string Request, StoredDefinition Definition, string FromVersion, string FromDefinition, string Reason);
