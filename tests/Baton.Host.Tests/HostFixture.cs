using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Runtime.Hosting;
using Baton.Runtime.Runners;
using Baton.Testing;

namespace Baton.Host.Tests;

/// <summary>A running control plane on 127.0.0.1 with a fresh store and known keys, and an HTTP client for it.</summary>
internal sealed class HostFixture : IAsyncDisposable
{
    public const string AdminKey = "admin-key-for-tests";
    public const string FunctionKey = "function-key-for-tests";

    private readonly TempDirectory _dir;

    private HostFixture(TempDirectory dir, BatonHost host)
    {
        _dir = dir;
        Host = host;
        Client = new HttpClient { BaseAddress = host.Addresses[0], Timeout = TimeSpan.FromSeconds(60) };
    }

    public BatonHost Host { get; }

    public HttpClient Client { get; }

    public static async Task<HostFixture> StartAsync(FunctionRegistry? functions = null, long maxBody = 1 << 20, IReadOnlyDictionary<string, string?>? env = null,
        int streamBuffer = 10_000)
    {
        var dir = new TempDirectory();
        var registry = functions ?? FunctionRegistry.WithBuiltIns(TimeProvider.System);
        var host = await BatonHost.StartAsync(new BatonHostOptions(new HostSettings { AppSetting = name => env?.GetValueOrDefault(name) })
        {
            Urls = "http://127.0.0.1:0",
            Database = dir.File("hub.db"),
            Environment = new Dictionary<string, string?>(env ?? new Dictionary<string, string?>()) { ["BATON_ADMIN_KEY"] = AdminKey, ["BATON_FUNCTION_KEY"] = FunctionKey },
            Functions = registry,
            MaxRequestBodyBytes = maxBody,
            StreamBufferSize = streamBuffer,
        }, default);
        return new HostFixture(dir, host);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key = FunctionKey, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        return await Client.SendAsync(request);
    }

    public async Task<JsonNode> JsonAsync(HttpMethod method, string path, string? key = FunctionKey, string? body = null, int? expect = null)
    {
        using var response = await SendAsync(method, path, key, body);
        var text = await response.Content.ReadAsStringAsync();
        if (expect is { } code)
        {
            Assert.True((int)response.StatusCode == code, $"{method} {path}: expected {code}, got {(int)response.StatusCode}: {text}");
        }
        return JsonNode.Parse(text)!;
    }

    /// <summary>Opens a server-sent events stream with the function key, checking it answered 200 text/event-stream.</summary>
    public async Task<EventStream> OpenStreamAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-functions-key", FunctionKey);
        var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    public Task<JsonNode> UploadAsync(string yaml, int expect = 201) => JsonAsync(HttpMethod.Post, "/api/definitions", AdminKey, yaml, expect);

    public static string Workflow(string name, string spec, string version = "1") =>
        $"apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: {{ name: {name}, version: '{version}' }}\nspec:\n{spec}";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>An open server-sent events response and its reader.</summary>
internal sealed class EventStream(HttpResponseMessage response, StreamReader reader) : IDisposable
{
    public StreamReader Reader { get; } = reader;

    public Task<(string Name, string Data)> NextAsync() => Endpoints.StreamTests.ReadEventAsync(Reader);

    public void Dispose()
    {
        Reader.Dispose();
        response.Dispose();
    }
}
