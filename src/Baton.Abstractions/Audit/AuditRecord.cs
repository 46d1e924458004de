using System.Text.Json.Nodes;

namespace Baton.Abstractions.Audit;

/// <summary>One control action as the audit log records it: who (never a key itself), from where, when, what, on what, and how it ended.</summary>
/// <param name="At">When the action was taken.</param>
/// <param name="ActorKind"><c>key</c> (a host key, by name), <c>token</c> (a bearer token, by subject), <c>trigger</c> (a workflow's trigger), or <c>system</c>.</param>
/// <param name="Actor">The key's name, the token's subject, or the trigger (<c>workflow:trigger</c>).</param>
/// <param name="Tenant">The token's tenant, when a token was used.</param>
/// <param name="From">The caller's address, when the action came over HTTP.</param>
/// <param name="Action">What was done: start, raise-event, terminate, suspend, resume, rewind, fork, purge, upload, activate, retire, key ... (see docs).</param>
/// <param name="InstanceId">The instance it concerns, if one.</param>
/// <param name="Workflow">The workflow or catalog name it concerns, if one.</param>
/// <param name="Version">The version it concerns, if one.</param>
/// <param name="Outcome">The HTTP status it was answered with (202, 404, 409 ...), or 200 for an action taken inside a host.</param>
/// <param name="Detail">What else says what was done (a reason, an event name, counts, the triggers a version declares).</param>
public sealed record AuditRecord(DateTimeOffset At, string ActorKind, string Actor, string? Tenant, string? From, string Action, string? InstanceId,
    string? Workflow, string? Version, int Outcome, JsonObject? Detail);
