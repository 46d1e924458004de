using System.Collections.Immutable;
using System.Text.Json;
using Azure;
using Baton.Abstractions;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;
using Baton.Runtime.Pools;

namespace Baton.Runtime.Runners;

/// <summary>Hands a pooled container task's attempts to its service pool: puts the attempt's <c>.triggered</c> CloudEvent on the
/// pool's work queue, where a long-running replica takes it, and waits for the replica's <c>.finished</c> report.</summary>
/// <remarks>The event is the one an event task's service gets (<see cref="EventRunner.Triggered"/>): the attempt's ids, its
/// reply token, and the input as JSON or a protobuf <c>TaskRequest</c>. The hand-over has no redelivery: the queue keeps the
/// attempt until a replica reports (a replica that dies leaves it to reappear for another), and the step's timeout ends an
/// attempt no replica finished. The binding's command and env are evaluated once per dispatch without the input and written
/// beside the queue as the pool's <see cref="PoolSpec"/>.</remarks>
public sealed class PoolRunner(Func<string, string?> settings) : ITaskRunner
{
    /// <summary>How long a replica may hold an attempt before the queue offers it to another, when the binding has no timeout.</summary>
    public static readonly TimeSpan DefaultVisibility = TimeSpan.FromMinutes(5);

    private ServicePoolQueues? _queues;

    /// <inheritdoc />
    public bool CanRun(TaskBinding binding) => binding is ContainerBinding { ServicePool: not null };

    /// <inheritdoc />
    public async Task<TaskResult> RunAsync(TaskBinding binding, TaskContext context, CancellationToken cancellationToken)
    {
        var b = (ContainerBinding)binding;
        if (EventRunner.Settled(context, $"'{b.Name}' runs in a service pool whose replicas report back") is { } settled)
        {
            return settled;
        }
        try
        {
            _queues ??= ServicePoolQueues.From(settings);
        }
        catch (FormatException ex)
        {
            return TaskResult.Fail("InvalidSetting", ex.Message, retryable: false);
        }
        if (_queues is null)
        {
            return TaskResult.Fail("MissingSetting", $"'{b.Name}' runs in a service pool, and the app setting {ServicePoolQueues.StorageSetting} (the storage account " +
                "of the pools' queues; UseDevelopmentStorage=true or an Azurite connection string locally) is not set.", retryable: false);
        }
        PoolSpec spec;
        string message;
        try
        {
            spec = Spec(b);
            message = JsonSerializer.Serialize(EventRunner.Triggered("/baton/pools", b.Name, b.Format, context, context.Input));
        }
        catch (ExpressionException ex)
        {
            return TaskResult.Fail("ExpressionError", $"A pool's command and env are evaluated without an attempt's input: {ex.Message}", retryable: false);
        }
        if (message.Length > ServicePoolQueues.MaxMessageBytes)
        {
            return TaskResult.Fail("InputTooLarge", $"The attempt of '{b.Name}' is {message.Length} bytes as a queue message; a pool's messages hold at most " +
                $"{ServicePoolQueues.MaxMessageBytes}. Keep large data in Blob storage and pass a reference.", retryable: false);
        }
        try
        {
            await _queues.EnqueueAsync(spec, message, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            return TaskResult.Fail("PoolQueueFailed", $"Queueing the attempt for the pool of '{b.Name}' failed with {ex.Status}: {ex.Message.Split('\n')[0]}",
                TaskResult.IsTransient(ex.Status));
        }
        catch (Exception ex) when (ex is HttpRequestException or AggregateException)
        {
            return TaskResult.Fail("PoolQueueFailed", $"The pools' storage did not answer: {ex.Message}");
        }
        return TaskResult.HandedOver(Timeout.InfiniteTimeSpan);
    }

    /// <summary>The pool's spec: the binding's command and env evaluated with no input, and its scaling rule.</summary>
    /// <exception cref="ExpressionException">A template reads something that is not there.</exception>
    internal static PoolSpec Spec(ContainerBinding b)
    {
        var ctx = new EvaluationContext(new Dictionary<string, System.Text.Json.Nodes.JsonNode?>(StringComparer.Ordinal)
        {
            ["task"] = new System.Text.Json.Nodes.JsonObject { ["name"] = b.Name },
        }, DateTimeOffset.UnixEpoch, b.Name);
        var visibility = b.Timeout ?? DefaultVisibility;
        return new PoolSpec(b.Name, b.Image, [.. b.Command.Select(t => Values.Text(t.Evaluate(ctx)))],
            b.Environment.ToImmutableDictionary(p => p.Key, p => Values.Text(p.Value.Evaluate(ctx)), StringComparer.Ordinal),
            b.Network, b.Format.Name, (int)Math.Clamp(Math.Ceiling(visibility.TotalSeconds), 1, 7 * 24 * 3600), b.ServicePool!);
    }
}
