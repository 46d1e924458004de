using Baton.Core;
using Baton.Core.Definitions;
using Baton.Runtime.Catalog;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>Runs one task attempt: finds its binding, applies the timeout, and turns every outcome into a result.</summary>
/// <remarks>A task without a catalog binding runs the registered function of the same name, if any. The timeout
/// is the step's, else the binding's; when it passes the runner is cancelled and the attempt fails as TimedOut.
/// <paramref name="appSetting"/>, when given, is handed to every attempt as <see cref="TaskContext.AppSetting"/>.
/// Bindings with a circuit breaker go through <paramref name="breakers"/> (one set per executor when not given).</remarks>
public sealed class TaskExecutor(FunctionRegistry functions, IReadOnlyList<ITaskRunner> runners, TimeProvider time, Func<string, string?>? appSetting = null,
    CircuitBreakers? breakers = null)
{
    private readonly CircuitBreakers _breakers = breakers ?? new CircuitBreakers(time);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PrioritySlots> _limits = new(StringComparer.Ordinal);

    /// <summary>An executor with every standard runner: function, process, HTTP, event, container, evaluate, SQL, file and plugins.</summary>
    /// <remarks>Both backends build their executor here, so a task runs the same way on either. The context's app settings
    /// give event topic keys, the container engine's address and where Azure Container Instances runs containers;
    /// <paramref name="data"/> is the Blob container for container tasks' input and output blobs on ACI (null: inputs travel
    /// in the container group).</remarks>
    public static TaskExecutor Standard(Composition.BatonContext context, Azure.Storage.Blobs.BlobContainerClient? data = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (functions, appSetting, time) = (context.Functions, context.AppSetting, context.Time);
        return new(functions, [new FunctionRunner(functions), new ProcessRunner(), new HttpRunner(), new EventRunner(appSetting), new PoolRunner(appSetting), new ContainerRunner(appSetting),
            new Aci.AciRunner(appSetting, time, data), new EvaluateRunner(time), new SqlRunner(appSetting), new FileRunner(),
            new PluginRunner(Runtime.Plugins.PluginHost.From(appSetting, context.Logging))], time, appSetting);
    }

    /// <summary>This executor with one more runner (the embedded hub adds the one that runs child workflows).</summary>
    public TaskExecutor With(ITaskRunner runner) => new(functions, [.. runners, runner], time, appSetting, _breakers);

    /// <summary>The task-runner plugins this executor's hosts loaded (none when it has no plugin runner).</summary>
    public Plugins.PluginHost Plugins => runners.OfType<PluginRunner>().FirstOrDefault()?.Host ?? Runtime.Plugins.PluginHost.None;

    /// <summary>The names of the in-process functions this executor can run without a catalog binding.</summary>
    public IEnumerable<string> FunctionNames => functions.Names;

    /// <summary>Runs an attempt; throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="catalog">The catalog that binds the task.</param>
    /// <param name="context">The attempt.</param>
    /// <param name="stepTimeout">The step's timeout, else the binding's applies.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <param name="slot">The host's task slot for the binding (its pool's, see <see cref="TaskBinding.Pool"/>), taken after the
    /// binding's <c>max_concurrency</c> lets the attempt go and held while it runs (the embedded hub's priority slots); waiting
    /// for either does not count against the timeout. It throws <see cref="NonRetryableTaskException"/> for a pool the host
    /// does not have, which fails the attempt for good (<c>NoSuchPool</c>).</param>
    public async Task<TaskResult> RunAsync(TaskCatalog catalog, TaskContext context, TimeSpan? stepTimeout, CancellationToken cancellationToken,
        Func<TaskBinding, CancellationToken, Task<IDisposable>>? slot = null)
    {
        var binding = Resolve(catalog, context.TaskName);
        if (binding is null)
        {
            return TaskResult.Fail("UnknownTask", $"The task '{context.TaskName}' is not in the catalog and no function of that name is registered.", retryable: false);
        }
        var runner = runners.FirstOrDefault(r => r.CanRun(binding));
        if (runner is null)
        {
            return TaskResult.Fail("NoRunner", binding is SubWorkflowBinding
                ? $"Workflow steps run on the embedded hub; this backend cannot run '{context.TaskName}' yet."
                : $"No runner in this host runs '{binding.GetType().Name}' tasks.", retryable: false);
        }
        if (appSetting is not null && context.AppSetting is null)
        {
            context = context with { AppSetting = appSetting };
        }
        // Attempts over the binding's limit wait in priority order, as for the host's own task slots.
        var limit = binding.MaxConcurrency is { } max ? _limits.GetOrAdd(BindingKey(context, binding), _ => new PrioritySlots(max)) : null;
        using var limited = limit is null ? null : await limit.EnterAsync(context.Priority, cancellationToken).ConfigureAwait(false);
        IDisposable? held;
        try
        {
            held = slot is null ? null : await slot(binding, cancellationToken).ConfigureAwait(false);
        }
        catch (NonRetryableTaskException ex)
        {
            return TaskResult.Fail("NoSuchPool", ex.Message, retryable: false);
        }
        using (held)
        {
            return await RunBoundAsync(runner, binding, context, stepTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TaskResult> RunBoundAsync(ITaskRunner runner, TaskBinding binding, TaskContext context, TimeSpan? stepTimeout, CancellationToken cancellationToken)
    {
        var timeout = stepTimeout ?? binding.Timeout;
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A timer in this process reaches at most about 49 days; beyond that the step's durable timeout timer ends the attempt.
        if (timeout is { } t && t.TotalMilliseconds < uint.MaxValue - 1)
        {
            timeoutCts.CancelAfter(t);
        }
        var circuit = binding.CircuitBreaker is { } policy ? _breakers.For(BindingKey(context, binding), policy) : null;
        try
        {
            if (circuit is not null && await EnterAsync(circuit, context, timeoutCts.Token).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }
            var result = Bounded(Mapped(await runner.RunAsync(binding, context, timeoutCts.Token).ConfigureAwait(false), binding, context), binding);
            circuit?.Record(result is TaskResult.Failure { Retryable: true }, result is not TaskResult.Failure);
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout is not null)
        {
            circuit?.Record(transientFailure: true, success: false);
            return TaskResult.Fail("TimedOut", $"Attempt {context.Attempt} of '{context.TaskName}' did not finish within {Core.Definitions.Duration.Format(timeout.Value)}.");
        }
        catch (OperationCanceledException)
        {
            circuit?.Record(transientFailure: false, success: false);
            throw;
        }
    }

    /// <summary>Lets the attempt through the binding's circuit: null when it may go; else the failure to record
    /// (<c>while_open: fail</c>). With <c>while_open: wait</c> it waits for the probe slot instead.</summary>
    private async Task<TaskResult?> EnterAsync(CircuitBreakers.Circuit circuit, TaskContext context, CancellationToken ct)
    {
        while (circuit.TryEnter() is { } openFor)
        {
            if (!circuit.Policy.Wait)
            {
                return TaskResult.Fail("CircuitOpen", $"The circuit of '{context.TaskName}' is open after {circuit.Policy.Failures} consecutive failures; " +
                    $"the next attempt may probe in {Core.Definitions.Duration.Format(openFor)}.");
            }
            await Task.Delay(openFor, _breakers.Time, ct).ConfigureAwait(false);
        }
        return null;
    }

    /// <summary>What a binding's per-process state (its concurrency limit, its circuit) is kept under: the catalog version and the task.</summary>
    private static string BindingKey(TaskContext context, TaskBinding binding) => $"{context.CatalogHash}/{binding.Name}";

    private TaskBinding? Resolve(TaskCatalog catalog, string task)
    {
        if (SubWorkflowBinding.From(task) is { } child)
        {
            return child;
        }
        if (catalog.Tasks.TryGetValue(task, out var binding))
        {
            return binding switch
            {
                ProcessBinding p => p with { WorkingDirectory = Path.GetFullPath(Path.Combine(catalog.BaseDirectory, p.WorkingDirectory ?? ".")) },
                HttpBinding { Serve: { } serve } h => h with { Serve = serve with { WorkingDirectory = Path.GetFullPath(Path.Combine(catalog.BaseDirectory, serve.WorkingDirectory ?? ".")) } },
                _ => binding,
            };
        }
        return functions.TryGet(task, out _) ? new FunctionBinding(task, task, null) : null;
    }

    // The binding's result mapping, when it has one, makes the task's output of what the runner returned.
    private static TaskResult Mapped(TaskResult result, TaskBinding binding, TaskContext context)
    {
        if (binding.ResultMapping is not { } mapping || result is not TaskResult.Success { Output: var output })
        {
            return result;
        }
        var roots = new Dictionary<string, System.Text.Json.Nodes.JsonNode?>(context.TemplateRoots(), StringComparer.Ordinal) { ["result"] = output };
        try
        {
            return new TaskResult.Success(mapping.Evaluate(new Core.Expressions.EvaluationContext(roots, DateTimeOffset.UnixEpoch, context.IdempotencyKey)));
        }
        catch (Core.Expressions.TemplateTreeException ex)
        {
            return TaskResult.Fail("ExpressionError", $"The result mapping of '{binding.Name}' failed: {ex.Under("result")}", retryable: false);
        }
    }

    // Every runner's output passes here on both backends: one deeper than the value limit fails the attempt with a
    // reason instead of breaking the store or the Durable serializer later.
    // A task's output comes from outside (a service, a process): within the depth limit, free of Baton's own references, and
    // as its contract says (a broken contract is not cured by asking again, so it is not retried).
    private static TaskResult Bounded(TaskResult result, TaskBinding binding) => result switch
    {
        TaskResult.Success { Output: var output } when ValueLimits.DepthProblem(output) is { } tooDeep =>
            TaskResult.Fail("InvalidOutput", $"The task's output is too deep: {tooDeep}.", retryable: false),
        TaskResult.Success { Output: var output } when Data.BlobClaimCheck.ForeignReferenceProblem(output) is { } reference =>
            TaskResult.Fail("InvalidOutput", $"The task's output is refused: {reference}", retryable: false),
        TaskResult.Success { Output: var output } when binding.CompiledOutputSchema is { } schema && JsonSchemas.Validate(schema, output) is { Count: > 0 } broken =>
            TaskResult.Fail("OutputSchemaViolation", $"The output of '{binding.Name}' breaks its output schema: {string.Join("; ", broken.Take(5))}.", retryable: false),
        _ => result,
    };
}
