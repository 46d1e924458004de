namespace Baton.Core.Engine;

/// <summary>Builds and reads the ids of the timers the engine schedules.</summary>
/// <remarks>Forms: <c>retry:{step}:{attempt}</c>, <c>timeout:{step}:{attempt}</c>, <c>wait:{step}</c>, <c>event:{step}</c>, <c>workflow-timeout</c>.
/// Step ids never contain ':', so the forms cannot be confused. After continue_as_new, run <c>n</c>'s timers are written
/// <c>g{n}/{id}</c> (<see cref="InGeneration"/>), so an earlier run's timer is known when it fires.</remarks>
public static class TimerIds
{
    /// <summary>The id of the whole-workflow timeout timer.</summary>
    public const string WorkflowTimeout = "workflow-timeout";

    /// <summary>The timer that starts the given attempt of a step.</summary>
    public static string Retry(string stepId, int attempt) => $"retry:{stepId}:{attempt}";

    /// <summary>The timer that ends the given attempt of a step if it runs too long.</summary>
    public static string Timeout(string stepId, int attempt) => $"timeout:{stepId}:{attempt}";

    /// <summary>The timer of a wait step.</summary>
    public static string Wait(string stepId) => $"wait:{stepId}";

    /// <summary>The timer that ends an event step's wait.</summary>
    public static string EventTimeout(string stepId) => $"event:{stepId}";

    /// <summary>The id of a timer of the given run of an instance: the id itself for the first run.</summary>
    public static string InGeneration(int generation, string timerId) =>
        generation == 0 ? timerId : $"g{generation.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{timerId}";

    /// <summary>Splits an id written by <see cref="InGeneration"/> into the run and the engine's timer id.</summary>
    public static (int Generation, string TimerId) Generation(string timerId)
    {
        var slash = timerId.IndexOf('/', StringComparison.Ordinal);
        return slash > 1 && timerId[0] == 'g'
            && int.TryParse(timerId.AsSpan(1, slash - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? (n, timerId[(slash + 1)..])
            : (0, timerId);
    }

    /// <summary>Splits a timer id into its kind, step and attempt.</summary>
    public static (string Kind, string? StepId, int Attempt) Parse(string timerId)
    {
        var parts = timerId.Split(':');
        return parts switch
        {
            [var kind, var step, var n] when int.TryParse(n, out var attempt) => (kind, step, attempt),
            ["wait", var step] => ("wait", step, 0),
            ["event", var step] => ("event", step, 0),
            _ => (timerId, null, 0),
        };
    }
}
