using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Embedded.Tests.Simulation;

/// <summary>Random workflows for one simulation seed, and the deterministic tasks they call.</summary>
/// <remarks>Tasks are pure functions of step, attempt and input, so a run with faults must end exactly as a run
/// without: <c>f</c> answers a number derived from its input; <c>flaky</c> fails (retryably) on its first attempt and
/// then answers like <c>f</c>. Workflows are random DAGs with fan-out, fan-in, conditions that skip, retries with
/// backoff timers and <c>wait</c> steps.</remarks>
internal static class SimWorkflows
{
    public sealed record Case(StoredDefinition Definition, JsonNode Input, string InstanceId);

    public static List<Case> For(int seed, Random rng)
    {
        var cases = new List<Case>();
        var count = rng.Next(1, 4);
        for (var w = 0; w < count; w++)
        {
            var definition = TestDefinitions.Workflow($"sim{w}", Steps(rng));
            cases.Add(new Case(definition, new JsonObject { ["x"] = rng.Next(0, 100) }, $"sim-{seed}-{w}"));
        }
        return cases;
    }

    /// <summary>What a task answers: null output means a (retryable) failure.</summary>
    public static JsonNode? Answer(string task, string stepId, int attempt, JsonNode? input) =>
        task == "flaky" && attempt == 1
            ? null
            : new JsonObject { ["v"] = (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{stepId}|{input?.ToJsonString()}")), 0) % 1000) };

    private static string Steps(Random rng)
    {
        var n = rng.Next(1, 7);
        var sb = new StringBuilder("  steps:\n");
        for (var i = 0; i < n; i++)
        {
            var deps = Enumerable.Range(0, i).Where(_ => rng.NextDouble() < 0.4).Select(d => $"s{d}").ToList();
            var kind = rng.NextDouble();
            sb.Append($"    - id: s{i}\n");
            if (deps.Count > 0)
            {
                sb.Append($"      depends_on: [{string.Join(", ", deps)}]\n");
            }
            if (kind < 0.12)
            {
                sb.Append($"      type: wait\n      duration: {rng.Next(1, 30)}s\n");
                continue;
            }
            var flaky = kind < 0.35;
            sb.Append($"      task: {(flaky ? "flaky" : "f")}\n");
            if (flaky)
            {
                sb.Append("      retry: { max_attempts: 3, backoff: fixed, initial_delay: 2s }\n");
            }
            var reads = deps.Where(d => rng.NextDouble() < 0.7).ToList();
            sb.Append("      input: { x: \"${input.x}\"");
            foreach (var d in reads)
            {
                sb.Append($", {d}: \"${{steps.{d}.output.v}}\"");
            }
            sb.Append(" }\n");
            if (reads.Count > 0 && rng.NextDouble() < 0.25)
            {
                sb.Append($"      condition: \"${{coalesce(steps.{reads[0]}.output.v, 0) % 3 != 0}}\"\n");
            }
        }
        return sb.ToString();
    }
}
