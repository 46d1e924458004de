using System.Text.Json.Nodes;

namespace Baton.Core.Engine;

/// <summary>What the running attempt of a step last reported about itself.</summary>
/// <remarks><see cref="Phase"/> is <c>started</c> or <c>status.changed</c>; <see cref="Data"/> is what the task
/// sent with it; <see cref="At"/> is when it was recorded. A new attempt starts without progress.</remarks>
public sealed record TaskProgress(string Phase, JsonNode? Data, DateTimeOffset At);
