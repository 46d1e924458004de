using System.Text.Json.Nodes;

namespace Baton.Runtime.WorkflowTests;

/// <summary>What a mocked task answers on one attempt, after <see cref="After"/> of virtual time.</summary>
/// <remarks>Exactly one of <see cref="Output"/> (given), <see cref="Echo"/> (the attempt's input comes back) and
/// <see cref="Error"/> (the attempt fails; <see cref="Retryable"/> says whether the retry policy may try again).</remarks>
public sealed record MockAnswer(JsonNode? Output, bool HasOutput, bool Echo, Core.Engine.ErrorInfo? Error, bool Retryable, TimeSpan After);
