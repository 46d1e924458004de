using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>The in-process .NET functions tasks can bind to: the activity model.</summary>
/// <remarks>Thread-safe. A function that throws fails the attempt (retryable, unless it throws
/// <see cref="NonRetryableTaskException"/>). The built-ins <c>noop</c>, <c>echo</c>, <c>sleep</c> and
/// <c>evaluate</c> are registered by <see cref="WithBuiltIns"/>.</remarks>
public sealed class FunctionRegistry
{
    private readonly ConcurrentDictionary<string, Func<TaskContext, CancellationToken, Task<JsonNode?>>> _functions = new(StringComparer.Ordinal);

    /// <summary>The names of all registered functions.</summary>
    public IEnumerable<string> Names => _functions.Keys;

    /// <summary>The names of the built-in functions every host registers (for checks that run nothing, such as <c>baton validate</c>).</summary>
    public static IReadOnlySet<string> BuiltInNames => BuiltInFunctions.Names;

    /// <summary>Creates a registry holding the built-in functions.</summary>
    public static FunctionRegistry WithBuiltIns(TimeProvider time)
    {
        var r = new FunctionRegistry();
        BuiltInFunctions.Register(r, time);
        return r;
    }

    /// <summary>Registers (or replaces) a function under a name.</summary>
    public FunctionRegistry Register(string name, Func<TaskContext, CancellationToken, Task<JsonNode?>> function)
    {
        _functions[name] = function;
        return this;
    }

    /// <summary>Registers a synchronous function.</summary>
    public FunctionRegistry Register(string name, Func<TaskContext, JsonNode?> function) =>
        Register(name, (ctx, _) => Task.FromResult(function(ctx)));

    /// <summary>Finds a function by name.</summary>
    public bool TryGet(string name, out Func<TaskContext, CancellationToken, Task<JsonNode?>> function) =>
        _functions.TryGetValue(name, out function!);
}
