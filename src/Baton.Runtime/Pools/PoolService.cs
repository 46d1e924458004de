using Azure;
using Azure.Storage.Queues;
using Baton.Abstractions;
using Baton.Runtime.Composition;
using Baton.Runtime.Runners;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Runtime.Pools;

/// <summary>Runs service pools in a host: applies the reports replicas put on the results queue and, with
/// <see cref="PlatformSetting"/> <c>docker</c> (the default), keeps each pool's replicas on the Docker Engine API at the
/// count its queue asks for. Idle when <see cref="ServicePoolQueues.StorageSetting"/> is not set.</summary>
/// <remarks>Every <see cref="IntervalSetting"/> (default 500 ms; at once again while reports keep coming): relay reports, then
/// scale each pool found beside the queues. With <c>external</c>, something else scales the replicas (in Azure, the
/// Container App infra/ declares per pool, scaled on its queue by the same rule), and this host only relays reports. On the
/// host's shutdown the replicas it scales are drained, each given up to 10 seconds.</remarks>
public sealed class PoolService(IWorkflowBackend backend, BatonContext context) : BackgroundService
{
    /// <summary>The app setting that says who runs the replicas: <c>docker</c> (this host, on DOCKER_HOST) or <c>external</c>.</summary>
    public const string PlatformSetting = "BATON_POOL_PLATFORM";

    /// <summary>The app setting for how often the pools are looked at (a duration such as 500ms or 2s; 100ms to 1m).</summary>
    public const string IntervalSetting = "BATON_POOL_INTERVAL";

    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = context.Logging.CreateLogger("Baton.Pools");
        ServicePoolQueues? queues;
        TimeSpan interval;
        string platform;
        try
        {
            queues = ServicePoolQueues.From(context.AppSetting);
            interval = Interval(context.AppSetting(IntervalSetting));
            platform = context.AppSetting(PlatformSetting) is { Length: > 0 } p ? p.Trim().ToLowerInvariant() : "docker";
            if (platform is not ("docker" or "external"))
            {
                throw new FormatException($"The setting {PlatformSetting} is '{platform}'; use docker (this host runs the replicas) or external.");
            }
        }
        catch (FormatException ex)
        {
            logger.LogError("Service pools are off: {Reason}", ex.Message);
            return;
        }
        if (queues is null)
        {
            return;
        }
        using var engine = platform == "docker" ? new DockerApi(context.AppSetting("DOCKER_HOST") is { Length: > 0 } h ? h : ContainerRunner.DefaultHost) : null;
        var replicas = engine is null ? null : new PoolReplicas(engine, queues, context.Time, logger);
        var relay = new PoolResultsRelay(backend, logger);
        QueueClient? results = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                results ??= await queues.ResultsAsync(stoppingToken).ConfigureAwait(false);
                busy = await relay.RelayAsync(results, stoppingToken).ConfigureAwait(false) == 32;
                foreach (var (queue, spec) in replicas is null ? [] : await queues.ListAsync(stoppingToken).ConfigureAwait(false))
                {
                    await replicas!.ScaleAsync(queue, spec, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or IOException or AggregateException
                or Docker.DotNet.DockerApiException or InvalidOperationException)
            {
                logger.LogWarning("Service pools: {Reason}", ex.Message);
            }
            if (!busy && !await DelayAsync(interval, stoppingToken).ConfigureAwait(false))
            {
                break;
            }
        }
        if (replicas is not null)
        {
            try
            {
                await replicas.StopAllAsync(ShutdownGrace).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or HttpRequestException or IOException or Docker.DotNet.DockerApiException)
            {
                logger.LogWarning("Not every pool replica was drained on shutdown: {Reason}", ex.Message);
            }
        }
    }

    private async Task<bool> DelayAsync(TimeSpan interval, CancellationToken ct)
    {
        try
        {
            await Task.Delay(interval, context.Time, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static TimeSpan Interval(string? text) =>
        Hosting.DurationSetting.Read($"The setting {IntervalSetting}", text, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
}
