using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Embedded;
using Baton.Abstractions;

namespace Baton.Cli;

/// <summary>Prints live progress of instances to stderr, one line per step change.</summary>
internal sealed class ProgressPrinter(TextWriter output, bool enabled)
{
    private readonly Lock _lock = new();

    public void Attach(EmbeddedBackend hub, Func<string, bool> filter) => hub.Changed += change =>
    {
        if (enabled && filter(change.State.InstanceId))
        {
            Print(change);
        }
    };

    private readonly Dictionary<string, int> _generations = new(StringComparer.Ordinal);

    private void Print(HubChange change)
    {
        lock (_lock)
        {
            var state = change.State;
            if (state.Generation != _generations.GetValueOrDefault(state.InstanceId))
            {
                _generations[state.InstanceId] = state.Generation;
                var input = state.Input?.ToJsonString() ?? "null";
                output.WriteLine($"  ↺ {"started over",-28} run {state.Generation + 1} (continue_as_new), input {(input.Length > 200 ? input[..200] + "…" : input)}");
            }
            foreach (var step in change.ChangedSteps)
            {
                // Attempts are shown as counted within the run (their numbers go on across runs).
                Print(step with { Attempt = state.AttemptsInRun(step) }, state.UpdatedAt);
            }
            output.Flush();
        }
    }

    /// <summary>Prints one step's line, as <c>baton run</c> and <c>baton watch</c> both show it.</summary>
    /// <remarks>A for_each's items (<c>id[i]</c>) are shown only when an attempt fails: a list of thousands would drown the rest.</remarks>
    public void Print(StepState step, DateTimeOffset at)
    {
        if (step.Id.EndsWith(']') && step.Status is not (StepStatus.Failed or StepStatus.WaitingRetry))
        {
            return;
        }
        if (enabled && Line(step, at) is { } line)
        {
            output.WriteLine($"  {line}");
            output.Flush();
        }
    }

    /// <summary>The engine's view of a step from the API's step payload (<c>id</c>, <c>status</c>, <c>attempts</c>, times, <c>error</c>).</summary>
    public static StepState FromPayload(System.Text.Json.Nodes.JsonNode step)
    {
        var wire = step["status"]!.GetValue<string>();
        var status = Enum.GetValues<StepStatus>().First(s => s.ToWireName() == wire);
        DateTimeOffset? Time(string key) => step[key]?.GetValue<string>() is { } t ? DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : null;
        return new StepState(step["id"]!.GetValue<string>(), status)
        {
            Attempt = step["attempts"]?.GetValue<int>() ?? 0,
            StartedAt = Time("startedTime"),
            CompletedAt = Time("completedTime"),
            DueAt = Time("dueTime"),
            Error = step["error"] is { } e ? new ErrorInfo(e["code"]?.GetValue<string>() ?? "", e["message"]?.GetValue<string>() ?? "") : null,
        };
    }

    private static string? Line(StepState s, DateTimeOffset at) => s.Status switch
    {
        StepStatus.Running => $"▶ {s.Id,-28} running{(s.Attempt > 1 ? $" (attempt {s.Attempt})" : "")}",
        StepStatus.Succeeded => $"✔ {s.Id,-28} succeeded in {Ms(s)}",
        StepStatus.Skipped => $"⤼ {s.Id,-28} skipped ({(s.Error is { } why ? why.Message.TrimEnd('.') : "condition false")})",
        StepStatus.Waiting => s.DueAt is { } due ? $"⏸ {s.Id,-28} waiting until {due:O}" : $"⏸ {s.Id,-28} waiting for an event",
        StepStatus.WaitingRetry => $"↻ {s.Id,-28} attempt {s.Attempt} failed: {s.Error?.Message}; retrying in {Until(s, at)}",
        StepStatus.Failed => $"✘ {s.Id,-28} failed: {s.Error?.Message}",
        StepStatus.Cancelled => $"■ {s.Id,-28} cancelled",
        _ => null,
    };

    private static string Ms(StepState s) => s.DurationMs is { } ms ? $"{ms:0} ms" : "?";

    private static string Until(StepState s, DateTimeOffset at) =>
        s.DueAt is { } due ? Duration.Format(TimeSpan.FromMilliseconds(Math.Max(0, Math.Round((due - at).TotalMilliseconds)))) : "?";
}
