using Xunit;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Baton.ControlPlane.Auth;

namespace Baton.Hosts.Testing;

/// <summary>A host of the API under test, running on loopback with a fresh backend and known keys, and an HTTP client for it.</summary>
/// <remarks>The route suites run against every host (<see cref="ApiHostKind"/>): <c>baton serve</c> on the embedded hub
/// (<see cref="ServeServer"/>) and the function app on the Durable backend (<see cref="FunctionAppServer"/>). What differs by
/// the nature of a host or backend is a property here, so the suites state it once.</remarks>
public abstract class ApiServer : IAsyncDisposable
{
    public const string AdminKey = "admin-key-for-tests";
    public const string FunctionKey = "function-key-for-tests";

    protected ApiServer(Uri address) => Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(90) };

    /// <summary>The client, with no key set.</summary>
    public HttpClient Client { get; }

    /// <summary>Which host this is.</summary>
    public abstract ApiHostKind Kind { get; }

    /// <summary>What a valid key of too low a level gets: <c>baton serve</c> says 403, the Functions host 401.</summary>
    public int WrongLevelStatus => Kind == ApiHostKind.FunctionApp ? 401 : 403;

    /// <summary>Whether this host answers <paramref name="path"/> itself.</summary>
    /// <remarks>The Durable-compatible routes (<c>/runtime/webhooks/...</c>) are <c>baton serve</c>'s: in the function app the
    /// Durable extension and the Functions host own that prefix, so a suite that tries a path on every route filters by this.</remarks>
    public bool Serves(string path) => Kind != ApiHostKind.FunctionApp || !path.StartsWith("/runtime/", StringComparison.Ordinal);

    /// <summary>Every route the host serves, with its method and key level.</summary>
    public abstract IReadOnlyList<(string Pattern, string Method, AuthLevel Level)> Routes { get; }

    /// <summary>Looks at the workflows' schedule and queue triggers once, at <paramref name="now"/>, the way this host does on its own
    /// (<c>baton serve</c>'s trigger service; the function app's Timer trigger); returns how many instances were started.</summary>
    public abstract Task<int> RunTriggersAsync(DateTimeOffset now);

    /// <summary>Starts a host of the given kind.</summary>
    public static async Task<ApiServer> StartAsync(ApiHostKind kind, ApiServerOptions? options = null) => kind switch
    {
        ApiHostKind.Serve => await ServeServer.StartAsync(options ?? new ApiServerOptions()),
        ApiHostKind.ServeDurable => await ServeServer.StartAsync(options ?? new ApiServerOptions(), durable: true),
        _ => await FunctionAppServer.StartAsync(options ?? new ApiServerOptions()),
    };

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
            Assert.True((int)response.StatusCode == code, $"{Kind}: {method} {path}: expected {code}, got {(int)response.StatusCode}: {text}");
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

    /// <summary>Polls an instance's status until it is <paramref name="status"/> and returns it.</summary>
    public Task<JsonNode> WaitForAsync(string id, string status) =>
        PollAsync($"/api/instances/{id}", s => s["runtimeStatus"]!.GetValue<string>() == status, $"{id} to be {status}");

    /// <summary>Reads a JSON resource (function key) until <paramref name="until"/> holds for it, for 30 s at most, and returns it.</summary>
    public async Task<JsonNode> PollAsync(string path, Func<JsonNode, bool> until, string what = "the condition")
    {
        JsonNode? last = null;
        for (var i = 0; i < 600; i++)
        {
            last = await JsonAsync(HttpMethod.Get, path, expect: 200);
            if (until(last))
            {
                return last;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{Kind}: waited in vain for {what}; last: {last?.ToJsonString()}");
    }

    public static string Workflow(string name, string spec, string version = "1") =>
        $"apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: {{ name: {name}, version: '{version}' }}\nspec:\n{spec}";

    public virtual async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Task.CompletedTask;
    }
}
