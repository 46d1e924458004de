using System.Text.Json.Nodes;

namespace Baton.Durable;

/// <summary>What a service reports on an attempt it was handed, raised on the orchestration as an external event.</summary>
/// <remarks>Without <see cref="Result"/> it is progress (<see cref="Phase"/> <c>started</c> or
/// <c>status.changed</c>, with <see cref="Data"/>); with one, it ends the attempt. <see cref="Proof"/> shows the report
/// passed the reply-token check; the orchestrator ignores a report whose proof does not match the attempt's seal.</remarks>
public sealed record TaskReportMessage(string Phase, JsonNode? Data, TaskOutcome? Result, string? Proof = null);
