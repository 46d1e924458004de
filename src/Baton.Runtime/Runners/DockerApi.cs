using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Baton.Runtime.Runners;

/// <summary>The few Docker Engine API calls the container runner makes, over a unix socket or TCP.</summary>
/// <remarks>Speaks API version 1.41, which Docker and podman's compatible service both serve. <c>DOCKER_HOST</c>
/// style addresses: <c>unix:///path/docker.sock</c>, <c>tcp://host:port</c> or <c>http://host:port</c>.</remarks>
internal sealed class DockerApi : IDisposable
{
    private const string Version = "v1.41";
    private readonly HttpClient _http;

    public DockerApi(string dockerHost)
    {
        if (dockerHost.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = dockerHost["unix://".Length..];
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct).ConfigureAwait(false);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
            _http = new HttpClient(handler) { BaseAddress = new Uri($"http://docker/{Version}/"), Timeout = Timeout.InfiniteTimeSpan };
        }
        else if (Uri.TryCreate(dockerHost.Replace("tcp://", "http://", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            _http = new HttpClient { BaseAddress = new Uri(uri, $"/{Version}/"), Timeout = Timeout.InfiniteTimeSpan };
        }
        else
        {
            throw new ArgumentException($"'{dockerHost}' is not a Docker host address; use unix:///path/docker.sock or tcp://host:port.", nameof(dockerHost));
        }
    }

    /// <summary>Reads a container's state by name; null when there is none.</summary>
    public async Task<JsonObject?> InspectAsync(string name, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"containers/{Uri.EscapeDataString(name)}/json", ct).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound ? null : (await ReadAsync(response, ct).ConfigureAwait(false)) as JsonObject;
    }

    /// <summary>Creates a named container; false when the image does not exist. A name already taken is not an error.</summary>
    public async Task<bool> CreateAsync(string name, JsonObject spec, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync($"containers/create?name={Uri.EscapeDataString(name)}", spec, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            await ReadAsync(response, ct).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>Writes one file into a container that has not started yet, creating its folder.</summary>
    public async Task PutFileAsync(string name, string path, byte[] content, CancellationToken ct)
    {
        using var tar = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(tar, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
        {
            var folder = Path.GetDirectoryName(path.TrimStart('/'))!.Replace('\\', '/');
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.Directory, folder + "/") { Mode = (UnixFileMode)0b111_101_101 });
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, path.TrimStart('/'))
            {
                DataStream = new MemoryStream(content),
                Mode = (UnixFileMode)0b110_100_100,
            });
        }
        using var body = new ByteArrayContent(tar.ToArray());
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        using var response = await _http.PutAsync($"containers/{Uri.EscapeDataString(name)}/archive?path=%2F", body, ct).ConfigureAwait(false);
        await ReadAsync(response, ct).ConfigureAwait(false);
    }

    /// <summary>Starts a container; starting one that already runs or ran is not an error.</summary>
    public async Task StartAsync(string name, CancellationToken ct)
    {
        using var response = await _http.PostAsync($"containers/{Uri.EscapeDataString(name)}/start", null, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotModified)
        {
            await ReadAsync(response, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for a container to stop and returns its exit code.</summary>
    public async Task<long> WaitAsync(string name, CancellationToken ct)
    {
        using var response = await _http.PostAsync($"containers/{Uri.EscapeDataString(name)}/wait", null, ct).ConfigureAwait(false);
        var body = await ReadAsync(response, ct).ConfigureAwait(false);
        return body?["StatusCode"]?.GetValue<long>() ?? -1;
    }

    /// <summary>Reads a stopped container's stdout and stderr, each cut to <paramref name="limit"/> characters.</summary>
    /// <remarks>Without a TTY the API multiplexes both streams in frames: one byte of stream id, three zero bytes,
    /// a big-endian 32-bit length, then the payload.</remarks>
    public async Task<(string Stdout, string Stderr)> LogsAsync(string name, int limit, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"containers/{Uri.EscapeDataString(name)}/logs?stdout=1&stderr=1", HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await ReadAsync(response, ct).ConfigureAwait(false);
        }
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var outBytes = new MemoryStream();
            var errBytes = new MemoryStream();
            var header = new byte[8];
            while (await ReadExactlyOrEndAsync(stream, header, ct).ConfigureAwait(false))
            {
                var length = (header[4] << 24) | (header[5] << 16) | (header[6] << 8) | header[7];
                var payload = new byte[length];
                await stream.ReadExactlyAsync(payload, ct).ConfigureAwait(false);
                var target = header[0] == 2 ? errBytes : outBytes;
                if (target.Length < limit)
                {
                    target.Write(payload, 0, (int)Math.Min(length, limit - target.Length));
                }
            }
            return (Encoding.UTF8.GetString(outBytes.ToArray()), Encoding.UTF8.GetString(errBytes.ToArray()));
        }
    }

    /// <summary>Kills a running container; one that is not running is left as it is.</summary>
    public async Task KillAsync(string name, CancellationToken ct)
    {
        using var response = await _http.PostAsync($"containers/{Uri.EscapeDataString(name)}/kill", null, ct).ConfigureAwait(false);
    }

    /// <summary>Removes a container, running or not; one that is gone already is fine.</summary>
    public async Task RemoveAsync(string name, CancellationToken ct)
    {
        using var response = await _http.DeleteAsync($"containers/{Uri.EscapeDataString(name)}?force=1", ct).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, byte[] buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false);
            if (n == 0)
            {
                return read == 0 ? false : throw new IOException("The log stream ended inside a frame header.");
            }
            read += n;
        }
        return true;
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var message = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)?["message"]?.GetValue<string>() ?? text : text;
            throw new DockerApiException((int)response.StatusCode, message.Trim());
        }
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}

/// <summary>The container engine refused a request.</summary>
internal sealed class DockerApiException(int status, string message) : Exception($"{status}: {message}")
{
    public int Status { get; } = status;
}
