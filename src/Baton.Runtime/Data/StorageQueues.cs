using Azure.Storage.Queues;

namespace Baton.Runtime.Data;

/// <summary>The queue service a setting's value names, read the same way wherever Baton reads queues (service pools, queue triggers).</summary>
public static class StorageQueues
{
    /// <summary>A storage connection string's queue service, or an https queue service address
    /// (<c>https://account.queue.core.windows.net</c>) reached with the app's managed identity; null for no value.</summary>
    /// <exception cref="FormatException">The value is neither.</exception>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public static QueueServiceClient? Service(string? connection) => connection switch
    {
        null or "" => null,
        _ when Uri.TryCreate(connection, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps => new QueueServiceClient(uri, new Azure.Identity.DefaultAzureCredential()),
        _ => new QueueServiceClient(connection),
    };
}
