using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Baton.Runtime.Runners;

/// <summary>The container engine calls the container runner makes: Docker.DotNet (a maintained Docker Engine API
/// client) for everything but podman's fast wait, over a unix socket or TCP.</summary>
/// <remarks><c>DOCKER_HOST</c> style addresses: <c>unix:///path/docker.sock</c>, <c>tcp://host:port</c> or
/// <c>http://host:port</c>. Docker and podman's compatible service both serve the calls. Errors surface as
/// Docker.DotNet's <see cref="DockerApiException"/>; a missing engine as <see cref="HttpRequestException"/>,
/// <see cref="SocketException"/> or <see cref="IOException"/>.</remarks>
internal sealed class DockerApi : IDisposable
{
    private readonly DockerClient _client;
    private readonly HttpClient _raw;
    private Task<bool>? _podman;

    public DockerApi(string dockerHost)
    {
        if (dockerHost.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = dockerHost["unix://".Length..];
            _raw = new HttpClient(new SocketsHttpHandler
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
            })
            { BaseAddress = new Uri("http://docker/"), Timeout = Timeout.InfiniteTimeSpan };
            _client = new DockerClientBuilder().WithEndpoint(new Uri(dockerHost)).Build();
        }
        else if (Uri.TryCreate(dockerHost.Replace("tcp://", "http://", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            _raw = new HttpClient { BaseAddress = new Uri(uri, "/"), Timeout = Timeout.InfiniteTimeSpan };
            _client = new DockerClientBuilder().WithEndpoint(uri).Build();
        }
        else
        {
            throw new ArgumentException($"'{dockerHost}' is not a Docker host address; use unix:///path/docker.sock or tcp://host:port.", nameof(dockerHost));
        }
    }

    /// <summary>Reads a container's state by name; null when there is none.</summary>
    public async Task<ContainerInspectResponse?> InspectAsync(string name, CancellationToken ct)
    {
        try
        {
            return await _client.Containers.InspectContainerAsync(name, ct).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Creates a named container; false when the image does not exist. A name already taken is not an error.</summary>
    public async Task<bool> CreateAsync(CreateContainerParameters spec, CancellationToken ct)
    {
        try
        {
            await _client.Containers.CreateContainerAsync(spec, ct).ConfigureAwait(false);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound && (ex.ResponseBody ?? "").Contains("image", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            return true;
        }
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
        tar.Position = 0;
        await _client.Containers.ExtractArchiveToContainerAsync(name, new CopyToContainerParameters { Path = "/" }, tar, ct).ConfigureAwait(false);
    }

    /// <summary>Starts a container; starting one that already runs or ran is not an error.</summary>
    public Task StartAsync(string name, CancellationToken ct) =>
        _client.Containers.StartContainerAsync(name, new ContainerStartParameters(), ct);

    /// <summary>Waits for a container to stop and returns its exit code.</summary>
    /// <remarks>Podman's Docker-compatible <c>/wait</c> polls the container's state every 250 ms and took 300-1,700 ms
    /// for a container that exits at once (measured on podman 4.3); its own libpod endpoint, which Docker.DotNet does
    /// not speak, takes a polling interval, so on podman Baton asks there every 10 ms. Docker's <c>/wait</c> is
    /// event-driven and used as it is.</remarks>
    public async Task<long> WaitAsync(string name, CancellationToken ct)
    {
        if (await IsPodmanAsync(ct).ConfigureAwait(false))
        {
            using var response = await _raw.PostAsync($"v4.0.0/libpod/containers/{Uri.EscapeDataString(name)}/wait?condition=exited&condition=stopped&interval=10ms", null, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new DockerApiException(response.StatusCode, text);
            }
            return JsonNode.Parse(text)?.GetValue<long>() ?? -1;
        }
        return (await _client.Containers.WaitContainerAsync(name, ct).ConfigureAwait(false)).StatusCode;
    }

    /// <summary>Whether the engine is podman (it answers libpod's ping; Docker answers 404), asked once per engine.</summary>
    private Task<bool> IsPodmanAsync(CancellationToken ct) => _podman ??= PingLibpodAsync(ct);

    private async Task<bool> PingLibpodAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _raw.GetAsync("libpod/_ping", ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            _podman = null; // ask again next time
            throw;
        }
    }

    /// <summary>Reads a stopped container's stdout and stderr, each cut to <paramref name="limit"/> characters.</summary>
    public async Task<(byte[] Stdout, string Stderr)> LogsAsync(string name, int limit, CancellationToken ct)
    {
        using var stream = await _client.Containers.GetContainerLogsAsync(name, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, ct).ConfigureAwait(false);
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var buffer = new byte[81920];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
            if (read.EOF)
            {
                break;
            }
            var target = read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout;
            if (target.Length < limit)
            {
                target.Write(buffer, 0, (int)Math.Min(read.Count, limit - target.Length));
            }
        }
        return (stdout.ToArray(), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    /// <summary>The containers (running or not) that carry a label (with that value, unless <paramref name="value"/> is null): name
    /// without its leading '/', state and labels.</summary>
    public async Task<IReadOnlyList<(string Name, string State, IDictionary<string, string> Labels)>> ListAsync(string label, string? value, CancellationToken ct)
    {
        var found = await _client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [value is null ? label : $"{label}={value}"] = true } },
        }, ct).ConfigureAwait(false);
        return [.. found.Select(c => (c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID, c.State ?? "", c.Labels ?? new Dictionary<string, string>()))];
    }

    /// <summary>Asks a container to stop (SIGTERM), killing it after <paramref name="grace"/>; one that is gone or stopped already is fine.</summary>
    public async Task StopAsync(string name, TimeSpan grace, CancellationToken ct)
    {
        try
        {
            await _client.Containers.StopContainerAsync(name, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(grace.TotalSeconds) }, ct).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            // Gone already.
        }
    }

    /// <summary>Removes a container, running or not; one that is gone already is fine.</summary>
    public async Task RemoveAsync(string name, CancellationToken ct)
    {
        try
        {
            await _client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true }, ct).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            // Gone already.
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _raw.Dispose();
    }
}
