using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Core.Engine.Events;

namespace Baton.Core.Tests.Engine;

/// <summary>Replays recorded event sequences and checks the engine still answers each with the recorded commands.</summary>
/// <remarks>Each file in Traces/ holds a definition and steps of { event, expect }. Set BATON_RECORD_TRACES=1 to
/// rewrite the expectations from the current engine (then review the diff before committing).</remarks>
public class GoldenTraceTests
{
    public static TheoryData<string> Traces()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Engine", "Traces"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void Replay_RecordedTrace_ProducesRecordedCommands(string file)
    {
        var source = SourcePath(file);
        var trace = JsonNode.Parse(File.ReadAllText(source))!.AsObject();
        var plan = WorkflowPlan.Compile(DefinitionLoader.Load(trace["definition"]!.GetValue<string>(), file).GetOrThrow());
        var record = Environment.GetEnvironmentVariable("BATON_RECORD_TRACES") == "1";
        InstanceState? state = null;
        var steps = trace["steps"]!.AsArray();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i]!.AsObject();
            var e = step["event"].Deserialize<WorkflowEvent>(EngineJson.Options)!;
            var result = WorkflowEngine.Apply(plan, state, e);
            state = result.State;
            var actual = new JsonObject
            {
                ["accepted"] = result.Accepted,
                ["status"] = result.State.Status.ToString(),
                ["commands"] = JsonSerializer.SerializeToNode(result.Commands, EngineJson.Options),
            };
            if (record)
            {
                step["expect"] = actual;
                continue;
            }
            Assert.True(step["expect"] is not null, $"{file} step {i} has no expectation; record with BATON_RECORD_TRACES=1.");
            Assert.True(JsonNode.DeepEquals(step["expect"], actual),
                $"{file} step {i} ({e.GetType().Name}):\nexpected {step["expect"]!.ToJsonString()}\nactual   {actual.ToJsonString()}");
        }
        if (record)
        {
            File.WriteAllText(source, trace.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
    }

    private static string SourcePath(string file, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Traces", file);
}
