using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Runtime.Hub;

namespace Baton.Cli;

/// <summary>Prints live progress of instances to stderr, one line per step change.</summary>
internal sealed class ProgressPrinter(TextWriter output, bool enabled)
{
    private readonly Lock _lock = new();

    public void Attach(TaskHub hub, Func<string, bool> filter) => hub.Changed += change =>
    {
        if (enabled && filter(change.State.InstanceId))
        {
            Print(change);
        }
    };

    private void Print(HubChange change)
    {
        lock (_lock)
        {
            foreach (var step in change.ChangedSteps)
            {
                if (Line(step, change.State.UpdatedAt) is { } line)
                {
                    output.WriteLine($"  {line}");
                }
            }
            output.Flush();
        }
    }

    private static string? Line(StepState s, DateTimeOffset at) => s.Status switch
    {
        StepStatus.Running => $"▶ {s.Id,-28} running{(s.Attempt > 1 ? $" (attempt {s.Attempt})" : "")}",
        StepStatus.Succeeded => $"✔ {s.Id,-28} succeeded in {Ms(s)}",
        StepStatus.Skipped => $"⤼ {s.Id,-28} skipped (condition false)",
        StepStatus.Waiting => $"⏸ {s.Id,-28} waiting until {s.DueAt:O}",
        StepStatus.WaitingRetry => $"↻ {s.Id,-28} attempt {s.Attempt} failed: {s.Error?.Message}; retrying in {Until(s, at)}",
        StepStatus.Failed => $"✘ {s.Id,-28} failed: {s.Error?.Message}",
        StepStatus.Cancelled => $"■ {s.Id,-28} cancelled",
        _ => null,
    };

    private static string Ms(StepState s) => s.DurationMs is { } ms ? $"{ms:0} ms" : "?";

    private static string Until(StepState s, DateTimeOffset at) =>
        s.DueAt is { } due ? Duration.Format(TimeSpan.FromMilliseconds(Math.Max(0, Math.Round((due - at).TotalMilliseconds)))) : "?";
}
