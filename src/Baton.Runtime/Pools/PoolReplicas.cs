using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Azure.Storage.Queues;
using Baton.Runtime.Runners;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace Baton.Runtime.Pools;

/// <summary>Keeps each pool's replicas on the Docker Engine API (podman locally) at the count <see cref="PoolScaler"/> decides
/// from the pool's queue: starting replicas at once, draining surplus ones (SIGTERM, then the attempt's visibility time to
/// finish, then removal), and clearing replicas that exited on their own.</summary>
/// <remarks>Replicas are named <c>&lt;queue&gt;-r&lt;n&gt;</c> and labelled <see cref="PoolLabel"/>, so a host that restarts adopts the
/// replicas already running, and two hosts scaling one pool from the same queue converge on the same names.</remarks>
internal sealed class PoolReplicas(DockerApi engine, ServicePoolQueues queues, TimeProvider time, ILogger logger)
{
    /// <summary>The label every replica carries, with its pool's queue name as the value.</summary>
    public const string PoolLabel = "dev.baton.pool";

    /// <summary>How long a replica's SAS addresses stay valid: 30 days; a replica started later gets new ones.</summary>
    public static readonly TimeSpan AddressLifetime = TimeSpan.FromDays(30);

    private readonly ConcurrentDictionary<string, ImmutableList<(DateTimeOffset At, int Count)>> _history = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _draining = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _missingImages = new(StringComparer.Ordinal);

    /// <summary>Brings one pool to the count its demand asks for now.</summary>
    public async Task ScaleAsync(QueueClient queue, PoolSpec spec, CancellationToken ct)
    {
        var containers = await engine.ListAsync(PoolLabel, queue.Name, ct).ConfigureAwait(false);
        foreach (var gone in containers.Where(c => c.State is not ("running" or "paused" or "restarting") && !_draining.ContainsKey(c.Name)))
        {
            await engine.RemoveAsync(gone.Name, ct).ConfigureAwait(false); // exited on its own: its attempt reappears in the queue
        }
        var running = containers.Where(c => c.State is "running" or "paused" or "restarting" && !_draining.ContainsKey(c.Name))
            .Select(c => c.Name).OrderBy(Index).ToList();
        var demand = (await queue.GetPropertiesAsync(ct).ConfigureAwait(false)).Value.ApproximateMessagesCount;
        var (desired, history) = PoolScaler.Decide(spec.Scaling, running.Count, demand, time.GetUtcNow(), _history.GetValueOrDefault(queue.Name, []));
        _history[queue.Name] = history;
        if (desired > running.Count)
        {
            var taken = containers.Select(c => c.Name).Concat(_draining.Keys).ToHashSet(StringComparer.Ordinal);
            var free = Enumerable.Range(0, int.MaxValue).Select(i => Name(queue.Name, i)).Where(n => !taken.Contains(n));
            foreach (var name in free.Take(desired - running.Count))
            {
                await StartAsync(queue, spec, name, ct).ConfigureAwait(false);
            }
            logger.LogInformation("Pool {Task}: {Demand} attempts waiting or running, {From} -> {To} replicas", spec.Task, demand, running.Count, desired);
        }
        else if (desired < running.Count)
        {
            foreach (var name in running.Skip(desired))
            {
                Drain(name, TimeSpan.FromSeconds(spec.VisibilitySeconds));
            }
            logger.LogInformation("Pool {Task}: {Demand} attempts waiting or running, draining {From} -> {To} replicas", spec.Task, demand, running.Count, desired);
        }
    }

    /// <summary>Drains every replica of every pool (on the host's shutdown), giving each at most <paramref name="grace"/> to finish.</summary>
    public async Task StopAllAsync(TimeSpan grace)
    {
        using var bound = new CancellationTokenSource(grace + TimeSpan.FromSeconds(10));
        foreach (var replica in await engine.ListAsync(PoolLabel, null, bound.Token).ConfigureAwait(false))
        {
            Drain(replica.Name, grace);
        }
        await Task.WhenAll(_draining.Values).WaitAsync(bound.Token).ConfigureAwait(false);
    }

    private static string Name(string queue, int index) => $"{queue}-r{index.ToString(CultureInfo.InvariantCulture)}";

    private static int Index(string name) => int.TryParse(name[(name.LastIndexOf("-r", StringComparison.Ordinal) + 2)..], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue;

    private async Task StartAsync(QueueClient queue, PoolSpec spec, string name, CancellationToken ct)
    {
        var (work, results) = queues.ReplicaAddresses(queue, time.GetUtcNow() + AddressLifetime);
        var env = new Dictionary<string, string>(spec.Environment, StringComparer.Ordinal)
        {
            ["BATON_POOL_QUEUE"] = work.AbsoluteUri,
            ["BATON_POOL_RESULTS"] = results.AbsoluteUri,
            ["BATON_POOL_REPLICA"] = name,
            ["BATON_POOL_VISIBILITY"] = spec.VisibilitySeconds.ToString(CultureInfo.InvariantCulture),
            ["BATON_FORMAT"] = spec.Format,
        };
        var created = await engine.CreateAsync(new CreateContainerParameters
        {
            Name = name,
            Image = spec.Image,
            Cmd = spec.Command.IsEmpty ? null! : [.. spec.Command], // left out, the image's own command runs
            Env = [.. env.Select(p => $"{p.Key}={p.Value}")],
            Labels = new Dictionary<string, string> { [PoolLabel] = queue.Name, ["dev.baton.task"] = spec.Task },
            HostConfig = new HostConfig { NetworkMode = spec.Network },
        }, ct).ConfigureAwait(false);
        if (!created)
        {
            if (_missingImages.TryAdd(spec.Image, true))
            {
                logger.LogError("Pool {Task}: the image '{Image}' is not in the container engine's store; pull, build or import it.", spec.Task, spec.Image);
            }
            return;
        }
        _missingImages.TryRemove(spec.Image, out _);
        await engine.StartAsync(name, ct).ConfigureAwait(false);
    }

    private void Drain(string name, TimeSpan grace)
    {
        if (_draining.ContainsKey(name))
        {
            return;
        }
        var task = DrainAsync(name, grace);
        _draining[name] = task;
        _ = task.ContinueWith(t => _draining.TryRemove(KeyValuePair.Create(name, t)), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private async Task DrainAsync(string name, TimeSpan grace)
    {
        try
        {
            await engine.StopAsync(name, grace, CancellationToken.None).ConfigureAwait(false);
            await engine.RemoveAsync(name, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or Docker.DotNet.DockerApiException)
        {
            logger.LogWarning("Draining replica {Replica} failed: {Reason}", name, ex.Message);
        }
    }
}
