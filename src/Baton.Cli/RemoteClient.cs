using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Cli;

/// <summary>Talks to a running control plane (<c>baton serve</c>) for the <c>--server</c> commands.</summary>
/// <remarks>The key comes from --key, else BATON_KEY, else BATON_ADMIN_KEY. A problem-details answer becomes one
/// clear error line with its detail.</remarks>
internal sealed class RemoteClient : IDisposable
{
    private readonly HttpClient _http;

    public RemoteClient(string server, string? key)
    {
        _http = new HttpClient { BaseAddress = new Uri(server.TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
        var k = key ?? Environment.GetEnvironmentVariable("BATON_KEY") ?? Environment.GetEnvironmentVariable("BATON_ADMIN_KEY");
        if (k is not null)
        {
            _http.DefaultRequestHeaders.Add("x-functions-key", k);
        }
    }

    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new CliError($"Cannot reach {_http.BaseAddress}: {ex.Message}", ExitCodes.Error, ["Is 'baton serve' running there?"]);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Problem((int)response.StatusCode, text);
            }
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
    }

    /// <summary>Reads server-sent events until the stream ends, calling back with each event's name and data.</summary>
    public async Task StreamAsync(string path, Action<string, JsonNode> onEvent, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Problem((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        }
        await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(ct).ConfigureAwait(false))
        {
            if (item.Data.Length > 0)
            {
                onEvent(item.EventType, JsonNode.Parse(item.Data)!);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static CliError Problem(int status, string text)
    {
        try
        {
            var p = JsonNode.Parse(text);
            var details = new List<string>();
            if (p?["detail"]?.GetValue<string>() is { } detail)
            {
                details.Add(detail);
            }
            foreach (var problem in p?["problems"]?.AsArray() ?? [])
            {
                details.Add(problem?.GetValue<string>() ?? "");
            }
            foreach (var e in p?["errors"]?.AsArray() ?? [])
            {
                details.Add(e is JsonObject o ? $"{o["file"]}:{o["line"]}:{o["column"]}: {o["code"]} {o["message"]} Fix: {o["fix"]}" : e?.ToString() ?? "");
            }
            var code = status is 400 or 404 or 409 or 410 or 413 ? ExitCodes.InvalidInput : ExitCodes.Error;
            return new CliError($"{status}: {p?["title"]?.GetValue<string>() ?? "request failed"}", code, details);
        }
        catch (JsonException)
        {
            return new CliError($"{status}: {text}", ExitCodes.Error);
        }
    }
}
