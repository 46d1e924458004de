using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Sas;

namespace Baton.Runtime.Pools;

/// <summary>The Azure Storage queues service pools run on: one work queue per pooled task, holding its attempts'
/// <c>.triggered</c> CloudEvents, and one results queue, <see cref="ResultsQueue"/>, where replicas put their
/// <c>.finished</c> reports for the host to apply.</summary>
/// <remarks>The account is the app setting <see cref="StorageSetting"/>: a connection string (Azurite locally), or in Azure the queue
/// service's address, reached with the app's managed identity (DefaultAzureCredential). A replica Baton starts itself
/// gets SAS addresses only: read, process and update on its work queue, add on the results queue; never the account key
/// or a Baton key. Each report still has to carry its attempt's reply token, so a replica can end only attempts it was
/// handed. A message holds at most <see cref="MaxMessageBytes"/>: larger inputs belong in Blob storage, passed by reference.</remarks>
public sealed class ServicePoolQueues
{
    /// <summary>The app setting holding the storage connection string of the pools' queues.</summary>
    public const string StorageSetting = "BATON_POOL_STORAGE";

    /// <summary>The queue replicas put their reports on.</summary>
    public const string ResultsQueue = "baton-svc-results";

    /// <summary>The prefix of every work queue's name.</summary>
    public const string Prefix = "baton-svc-";

    /// <summary>The largest message put on a queue: 48 KiB, under Azure Storage's 64 KiB once encoded.</summary>
    public const int MaxMessageBytes = 48 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, string> _specs = new(StringComparer.Ordinal);

    private ServicePoolQueues(QueueServiceClient service) => Service = service;

    /// <summary>The queue service.</summary>
    public QueueServiceClient Service { get; }

    /// <summary>The pools' queues from the app settings; null when <see cref="StorageSetting"/> is not set.</summary>
    /// <exception cref="FormatException">The setting is neither a storage connection string nor an https address; the message names it.</exception>
    public static ServicePoolQueues? From(Func<string, string?> appSetting)
    {
        ArgumentNullException.ThrowIfNull(appSetting);
        if (appSetting(StorageSetting) is not { Length: > 0 } connection)
        {
            return null;
        }
        try
        {
            // A queue service address (https://account.queue.core.windows.net) signs in with the app's managed identity.
            return new ServicePoolQueues(Data.StorageQueues.Service(connection)!);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new FormatException($"The setting {StorageSetting} is not a storage connection string: {ex.Message}", ex);
        }
    }

    /// <summary>The work queue of a pooled task: <c>baton-svc-</c>, the name in queue-name letters, and a hash of it.</summary>
    public static string QueueName(string task)
    {
        var readable = new StringBuilder();
        foreach (var c in task.ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (keep != '-' || readable.Length > 0 && readable[^1] != '-')
            {
                readable.Append(keep);
            }
        }
        var text = readable.ToString().Trim('-');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(task)))[..8];
        return $"{Prefix}{(text.Length > 40 ? text[..40].TrimEnd('-') : text)}-{hash}".Replace("--", "-", StringComparison.Ordinal);
    }

    /// <summary>Puts an attempt's <c>.triggered</c> event on its pool's work queue, creating the queue and writing the spec beside it first.</summary>
    /// <exception cref="RequestFailedException">Storage refused a call.</exception>
    public async Task EnqueueAsync(PoolSpec spec, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var queue = Service.GetQueueClient(QueueName(spec.Task));
        var text = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(spec, Json));
        if (!_specs.TryGetValue(queue.Name, out var known) || known != text)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await queue.SetMetadataAsync(new Dictionary<string, string> { ["spec"] = text }, cancellationToken).ConfigureAwait(false);
            _specs[queue.Name] = text;
        }
        await queue.SendMessageAsync(message, TimeSpan.Zero, TimeSpan.FromSeconds(-1), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every pool with a work queue, with the spec written beside it (pools whose spec cannot be read are left out).</summary>
    public async Task<IReadOnlyList<(QueueClient Queue, PoolSpec Spec)>> ListAsync(CancellationToken cancellationToken)
    {
        var pools = new List<(QueueClient, PoolSpec)>();
        await foreach (var item in Service.GetQueuesAsync(Azure.Storage.Queues.Models.QueueTraits.Metadata, Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (item.Name != ResultsQueue && item.Metadata?.TryGetValue("spec", out var text) == true && Read(text) is { } spec)
            {
                pools.Add((Service.GetQueueClient(item.Name), spec));
            }
        }
        return pools;
    }

    /// <summary>The results queue, created when missing.</summary>
    public async Task<QueueClient> ResultsAsync(CancellationToken cancellationToken)
    {
        var results = Service.GetQueueClient(ResultsQueue);
        await results.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>The SAS addresses a replica is given: its work queue (read, process, update) and the results queue (add), valid until <paramref name="expires"/>.</summary>
    /// <exception cref="InvalidOperationException">The connection string has no account key to sign with.</exception>
    public (Uri Work, Uri Results) ReplicaAddresses(QueueClient work, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(work);
        var results = Service.GetQueueClient(ResultsQueue);
        if (!work.CanGenerateSasUri || !results.CanGenerateSasUri)
        {
            throw new InvalidOperationException($"{StorageSetting} must hold the account key to give replicas SAS addresses (Baton never gives them the key itself).");
        }
        return (work.GenerateSasUri(QueueSasPermissions.Read | QueueSasPermissions.Process | QueueSasPermissions.Update, expires),
            results.GenerateSasUri(QueueSasPermissions.Add, expires));
    }

    private static PoolSpec? Read(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<PoolSpec>(Convert.FromBase64String(text), Json);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or NotSupportedException)
        {
            return null;
        }
    }
}
