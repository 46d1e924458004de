using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Core.Engine.Commands;
using Baton.Core.Engine.Events;

namespace Baton.Runtime.WorkflowTests;

/// <summary>Runs a test case on the pure engine with mocked tasks on a virtual clock, then checks its expectations.</summary>
/// <remarks>Nothing runs for real and no time passes: a dispatched attempt is answered by its mock after the mock's
/// <c>after</c>, timers (retry backoff, <c>wait</c>, timeouts) fire when the virtual clock reaches them, and events
/// are raised at their <c>at</c>. A mock slower than the step's timeout times the attempt out, as a runner would. The
/// run is deterministic: the seed is the case's (its name unless given), so <c>uuid()</c> and jitter repeat.</remarks>
public static class WorkflowTestRunner
{
    /// <summary>When the virtual clock starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The most engine events one case may apply before it is stopped as runaway.</summary>
    public const int MaxEvents = 1_000_000;

    /// <summary>Runs one case of a file against the compiled workflow.</summary>
    public static WorkflowTestOutcome Run(WorkflowPlan plan, WorkflowTestCase test, string file)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(test);
        var failures = new List<string>();
        var pending = new PriorityQueue<WorkflowEvent, (DateTimeOffset, long)>();
        var attempts = new Dictionary<(string, int), WorkflowEvent>();
        var started = new Dictionary<string, int>(StringComparer.Ordinal); // each step's first dispatch, in the order they happened
        var timers = new Dictionary<TimerId, WorkflowEvent>();
        var cancelled = new HashSet<WorkflowEvent>(ReferenceEqualityComparer.Instance);
        long order = 0;
        void Schedule(WorkflowEvent e) => pending.Enqueue(e, (e.At, order++));
        foreach (var e in test.Events)
        {
            Schedule(new EventRaised(Start + e.At, e.Name, e.Data?.DeepClone()));
        }
        var result = WorkflowEngine.Apply(plan, null, new InstanceStarted(Start, "test", test.Input?.DeepClone(), test.Seed, ImmutableSortedDictionary<string, string>.Empty));
        var state = result.State;
        var now = Start;
        var applied = 0;
        while (true)
        {
            foreach (var command in result.Commands)
            {
                switch (command)
                {
                    case DispatchTask d:
                        started.TryAdd(d.StepId, started.Count);
                        if (Answer(test, d, d.Attempt - result.State.AttemptBase, now, failures) is { } answer)
                        {
                            attempts[(d.StepId, d.Attempt)] = answer;
                            Schedule(answer);
                        }
                        break;
                    case ScheduleTimer t:
                        var fired = new TimerFired(t.DueAt < now ? now : t.DueAt, t.TimerId);
                        timers[t.TimerId] = fired;
                        Schedule(fired);
                        break;
                    case CancelTask c when attempts.Remove((c.StepId, c.Attempt), out var reported):
                        cancelled.Add(reported);
                        break;
                    case CancelTimer c when timers.Remove(c.TimerId, out var timer):
                        cancelled.Add(timer);
                        break;
                }
            }
            if (state.IsTerminal || failures.Count > 0)
            {
                break;
            }
            WorkflowEvent? next = null;
            while (pending.TryDequeue(out var candidate, out _))
            {
                if (!cancelled.Remove(candidate))
                {
                    next = candidate;
                    break;
                }
            }
            if (next is null)
            {
                failures.Add("The run stopped with nothing more to happen: " + Waiting(state) + ". Mock the task, raise the event, or give the step a timeout.");
                break;
            }
            if (++applied > MaxEvents)
            {
                failures.Add($"The run applied {MaxEvents} events without finishing; stopped.");
                break;
            }
            now = next.At;
            result = WorkflowEngine.Apply(plan, state, next);
            state = result.State;
        }
        var running = WorkflowEngine.PlanFor(plan, state); // with the steps task results added
        var path = Ran(running, state, compensation: false, started);
        if (failures.Count == 0)
        {
            Check(running, test.Expect, state, path, Ran(running, state, compensation: true, started), failures);
        }
        return new WorkflowTestOutcome(file, test.Name, failures, now - Start, path);
    }

    /// <summary>The mocked answer to an attempt as the event that reports it, or null (with a failure) when nothing mocks it.</summary>
    /// <remarks><paramref name="attempt"/> counts within the run, so mocks per attempt hold after continue_as_new.</remarks>
    private static WorkflowEvent? Answer(WorkflowTestCase test, DispatchTask d, int attempt, DateTimeOffset now, List<string> failures)
    {
        var bracket = d.StepId.IndexOf('[', StringComparison.Ordinal);
        var baseId = bracket > 0 ? d.StepId[..bracket] : d.StepId;
        if (!test.Mocks.TryGetValue(d.StepId, out var answers) && !test.Mocks.TryGetValue(baseId, out answers) && !test.Mocks.TryGetValue(d.Task, out answers))
        {
            failures.Add($"Step '{d.StepId}' ran task '{d.Task}', which nothing mocks: add mocks.{baseId} (or mocks.{d.Task}).");
            return null;
        }
        var a = answers[Math.Min(attempt, answers.Length) - 1];
        if (d.Timeout is { } timeout && a.After > timeout)
        {
            return new TaskFailed(now + timeout, d.StepId, d.Attempt,
                new ErrorInfo("TimedOut", $"Attempt {attempt} of '{d.Task}' did not finish within {Core.Definitions.Duration.Format(timeout)}."), true);
        }
        var at = now + a.After;
        return a.Error is { } error
            ? new TaskFailed(at, d.StepId, d.Attempt, error, a.Retryable)
            : new TaskCompleted(at, d.StepId, d.Attempt, a.Echo ? d.Input?.DeepClone() : a.Output?.DeepClone());
    }

    /// <summary>What each unfinished step waits for, for a run that can go no further.</summary>
    private static string Waiting(InstanceState state) =>
        string.Join("; ", state.Steps.Values.Where(s => s.Status is StepStatus.Pending or StepStatus.Running or StepStatus.Waiting or StepStatus.WaitingRetry)
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => $"{s.Id} is {Status(s.Status)}"));

    /// <summary>The steps that ran (succeeded or failed), in the order they started: by time, then (for mocks that take no time)
    /// in the order the engine dispatched them, then in definition order for steps that run no task.</summary>
    private static List<string> Ran(WorkflowPlan plan, InstanceState state, bool compensation, Dictionary<string, int> dispatched)
    {
        var order = plan.Definition.Steps.Concat(plan.Definition.Compensation).Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        return [.. state.Steps.Values
            .Where(s => order.ContainsKey(s.Id) && plan.Steps[s.Id].IsCompensation == compensation && s.Status is StepStatus.Succeeded or StepStatus.Failed)
            .OrderBy(s => s.StartedAt).ThenBy(s => dispatched.GetValueOrDefault(s.Id, int.MaxValue)).ThenBy(s => order[s.Id])
            .Select(s => s.Id)];
    }

    private static void Check(WorkflowPlan plan, TestExpectation expect, InstanceState state, List<string> path, List<string> compensated, List<string> failures)
    {
        var status = Status(state.Status);
        var why = state.Error is { } e ? $" ({e.Code}: {e.Message})" : "";
        if (expect.Status is { } s && s != status)
        {
            failures.Add($"status: expected {s}, got {status}{why}.");
        }
        if (expect.HasOutput && !JsonNode.DeepEquals(expect.Output, state.Output))
        {
            failures.Add($"output: expected {Text(expect.Output)}, got {Text(state.Output)}.");
        }
        if (expect.OutputIncludes is { } part && Mismatch(part, state.Output, "output") is { } miss)
        {
            failures.Add(miss);
        }
        if (expect.ErrorCode is { } code && state.Error?.Code != code)
        {
            failures.Add($"error.code: expected {code}, got {state.Error?.Code ?? "no error"}.");
        }
        if (expect.ErrorContains is { } text && state.Error?.Message.Contains(text, StringComparison.Ordinal) != true)
        {
            failures.Add($"error.message: expected it to contain '{text}', got {(state.Error is null ? "no error" : $"'{state.Error.Message}'")}.");
        }
        foreach (var (id, step) in expect.Steps.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!state.Steps.TryGetValue(id, out var actual))
            {
                failures.Add($"steps.{id}: the workflow has no step '{id}'" + (plan.Steps.ContainsKey(id) ? " that ran." : "."));
                continue;
            }
            if (step.Status is { } st && st != Status(actual.Status))
            {
                failures.Add($"steps.{id}.status: expected {st}, got {Status(actual.Status)}" + (actual.Error is { } err ? $" ({err.Code}: {err.Message})." : "."));
            }
            if (step.Attempts is { } n && n != state.AttemptsInRun(actual))
            {
                failures.Add($"steps.{id}.attempts: expected {n}, got {state.AttemptsInRun(actual)}.");
            }
            if (step.Output is { } o && Mismatch(o, actual.Output, $"steps.{id}.output") is { } om)
            {
                failures.Add(om);
            }
            if (step.Input is { } i && Mismatch(i, actual.Input, $"steps.{id}.input") is { } im)
            {
                failures.Add(im);
            }
        }
        if (expect.Path is { } expected && !expected.SequenceEqual(path, StringComparer.Ordinal))
        {
            failures.Add($"path: expected [{string.Join(", ", expected)}], got [{string.Join(", ", path)}].");
        }
        if (expect.Compensated is { } comp && compensated is var ran && !comp.SequenceEqual(ran, StringComparer.Ordinal))
        {
            failures.Add($"compensated: expected [{string.Join(", ", comp)}], got [{string.Join(", ", ran)}].");
        }
    }

    /// <summary>Where <paramref name="actual"/> does not hold what <paramref name="expected"/> gives (objects: every key given,
    /// recursively; anything else: equal), or null when it does.</summary>
    private static string? Mismatch(JsonNode? expected, JsonNode? actual, string at)
    {
        if (expected is JsonObject e && actual is JsonObject a)
        {
            foreach (var (key, value) in e)
            {
                if (!a.ContainsKey(key))
                {
                    return $"{at}.{key}: expected {Text(value)}, but there is no '{key}' (got {Text(actual)}).";
                }
                if (Mismatch(value, a[key], $"{at}.{key}") is { } deeper)
                {
                    return deeper;
                }
            }
            return null;
        }
        return JsonNode.DeepEquals(expected, actual) ? null : $"{at}: expected {Text(expected)}, got {Text(actual)}.";
    }

    private static string Text(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 300 ? text[..300] + "..." : text;
    }

    private static string Status(InstanceStatus s) => s.ToString().ToLowerInvariant();

    private static string Status(StepStatus s) => s.ToWireName();
}
