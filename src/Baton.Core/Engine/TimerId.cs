using System.Globalization;
using System.Text.Json.Serialization;

namespace Baton.Core.Engine;

/// <summary>Names one timer of one run of an instance: what it is for, its step and attempt, and the run that set it.</summary>
/// <remarks>Written (<see cref="ToString"/>) as <c>retry:{step}:{attempt}</c>, <c>timeout:{step}:{attempt}</c>,
/// <c>wait:{step}</c>, <c>event:{step}</c> or <c>workflow-timeout</c>, prefixed <c>g{n}/</c> for run <c>n</c> after
/// <c>continue_as_new</c> (run 0 has no prefix), so an earlier run's timer is known when it fires. Step ids never hold
/// ':', so the forms cannot be confused. That text is the one format, in history, work items and Durable timers alike;
/// <see cref="TryParse"/> is its one reader, and JSON carries the id as that text.</remarks>
[JsonConverter(typeof(TimerIdJsonConverter))]
public readonly record struct TimerId
{
    private TimerId(TimerKind kind, string? stepId, int attempt, int generation)
    {
        Kind = kind;
        StepId = stepId;
        Attempt = attempt;
        Generation = generation;
    }

    /// <summary>What the timer is for.</summary>
    public TimerKind Kind { get; }

    /// <summary>The step the timer belongs to; null for the workflow timeout.</summary>
    public string? StepId { get; }

    /// <summary>The attempt a retry or timeout timer belongs to; 0 for the other kinds.</summary>
    public int Attempt { get; }

    /// <summary>The run (0 for the first, n after n <c>continue_as_new</c>) that set the timer.</summary>
    public int Generation { get; }

    /// <summary>The whole-workflow timeout of the first run.</summary>
    public static TimerId WorkflowTimeout { get; } = new(TimerKind.WorkflowTimeout, null, 0, 0);

    /// <summary>The timer that starts the given attempt of a step.</summary>
    public static TimerId Retry(string stepId, int attempt) => new(TimerKind.Retry, stepId, attempt, 0);

    /// <summary>The timer that ends the given attempt of a step if it runs too long.</summary>
    public static TimerId Timeout(string stepId, int attempt) => new(TimerKind.Timeout, stepId, attempt, 0);

    /// <summary>The timer of a wait step.</summary>
    public static TimerId Wait(string stepId) => new(TimerKind.Wait, stepId, 0, 0);

    /// <summary>The timer that ends an event step's wait.</summary>
    public static TimerId EventTimeout(string stepId) => new(TimerKind.EventTimeout, stepId, 0, 0);

    /// <summary>The same timer as set by the given run.</summary>
    public TimerId InGeneration(int generation) => new(Kind, StepId, Attempt, generation);

    /// <summary>The timer's text form (see remarks of <see cref="TimerId"/>).</summary>
    public override string ToString()
    {
        var id = Kind switch
        {
            TimerKind.WorkflowTimeout => "workflow-timeout",
            TimerKind.Retry => $"retry:{StepId}:{Attempt.ToString(CultureInfo.InvariantCulture)}",
            TimerKind.Timeout => $"timeout:{StepId}:{Attempt.ToString(CultureInfo.InvariantCulture)}",
            TimerKind.Wait => $"wait:{StepId}",
            TimerKind.EventTimeout => $"event:{StepId}",
            _ => "none",
        };
        return Generation == 0 ? id : $"g{Generation.ToString(CultureInfo.InvariantCulture)}/{id}";
    }

    /// <summary>Reads a timer id written by <see cref="ToString"/>; false when the text is not one.</summary>
    public static bool TryParse(string? text, out TimerId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var generation = 0;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 1 && text[0] == 'g' && int.TryParse(text.AsSpan(1, slash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            generation = n;
            text = text[(slash + 1)..];
        }
        TimerId? parsed = text.Split(':') switch
        {
            ["workflow-timeout"] => WorkflowTimeout,
            ["retry", var step, var a] when Attempt1(a) is { } attempt && step.Length > 0 => Retry(step, attempt),
            ["timeout", var step, var a] when Attempt1(a) is { } attempt && step.Length > 0 => Timeout(step, attempt),
            ["wait", var step] when step.Length > 0 => Wait(step),
            ["event", var step] when step.Length > 0 => EventTimeout(step),
            _ => null,
        };
        if (parsed is not { } found)
        {
            return false;
        }
        id = found.InGeneration(generation);
        return true;
    }

    /// <summary>Reads a timer id written by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">The text is not a timer id.</exception>
    public static TimerId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a timer id (retry:step:n, timeout:step:n, wait:step, event:step or workflow-timeout, optionally after g<run>/).");

    private static int? Attempt1(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : null;
}
