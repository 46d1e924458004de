using System.Net;
using System.Net.Sockets;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>Makes HTTP handlers that connect only to addresses <see cref="AddressPolicy"/> permits.</summary>
/// <remarks>The check runs on the addresses a name resolves to, at connect time, so DNS tricks cannot reach a
/// private address. A refused connection fails with <see cref="RefusedAddressException"/> inside the
/// <see cref="HttpRequestException"/>.</remarks>
internal static class GuardedConnect
{
    private static readonly HttpRequestOptionsKey<bool> AllowPrivate = new("baton.allow-private");

    /// <summary>A client whose requests may reach non-public addresses only when marked with <see cref="Allow"/>.</summary>
    public static HttpClient PerRequestClient(TimeSpan timeout) =>
        new(Handler(c => c.InitialRequestMessage.Options.TryGetValue(AllowPrivate, out var allow) && allow)) { Timeout = timeout };

    /// <summary>Marks a request of a <see cref="PerRequestClient"/> as allowed (or not) to reach non-public addresses.</summary>
    public static void Allow(HttpRequestMessage request, bool allowPrivate) => request.Options.Set(AllowPrivate, allowPrivate);

    /// <summary>Creates a handler; <paramref name="allowPrivate"/> decides per connection whether non-public addresses may be used.</summary>
    public static SocketsHttpHandler Handler(Func<SocketsHttpConnectionContext, bool> allowPrivate) => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, ct) => ConnectAsync(context, allowPrivate(context), ct),
    };

    /// <summary>Checks that a task's URL is absolute http or https; otherwise says so as a failure that retrying cannot fix.</summary>
    public static (Uri? Uri, TaskResult? Error) HttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? (uri, null)
            : (null, TaskResult.Fail("InvalidUrl", $"'{url}' is not an absolute http or https URL.", retryable: false));

    /// <summary>Finds the refusal inside an exception thrown by a request, if that is why it failed.</summary>
    public static RefusedAddressException? Refusal(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is RefusedAddressException refused)
            {
                return refused;
            }
        }
        return null;
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allow, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct).ConfigureAwait(false);
        var permitted = allow ? addresses : [.. addresses.Where(x => !AddressPolicy.IsNonPublic(x))];
        if (permitted.Length == 0)
        {
            throw new RefusedAddressException($"Refused to connect to {context.DnsEndPoint.Host} ({string.Join(", ", addresses.Select(x => x.ToString()))}): " +
                "private, loopback, link-local and metadata addresses need 'allow_private_network: true' on the task's catalog entry.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A connection refused because its address is not public and the task does not allow that.</summary>
internal sealed class RefusedAddressException(string message) : IOException(message);
