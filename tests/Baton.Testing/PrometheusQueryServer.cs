using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Baton.Testing;

/// <summary>A small HTTP server that speaks the Prometheus instant-query API (<c>GET /api/v1/query?query=&amp;time=</c>)
/// and answers each query from a table, recording what it was asked.</summary>
/// <remarks>An answer is a number (a one-series vector), null (no series), or any JSON body given as is, so tests can
/// send Prometheus' error and scalar shapes, or garbage.</remarks>
public sealed class PrometheusQueryServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly Dictionary<string, Func<IResult>> _answers = new(StringComparer.Ordinal);
    private readonly List<(string Query, double Time)> _asked = [];

    private PrometheusQueryServer(LoopbackServer server) => _server = server;

    /// <summary>The server's base URL, as an SLI source names it.</summary>
    public Uri Address => _server.Address;

    /// <summary>Every query asked so far, with its evaluation time (Unix seconds).</summary>
    public IReadOnlyList<(string Query, double Time)> Asked
    {
        get
        {
            lock (_asked)
            {
                return [.. _asked];
            }
        }
    }

    /// <summary>Starts the server on a loopback port.</summary>
    public static async Task<PrometheusQueryServer> StartAsync()
    {
        PrometheusQueryServer? self = null;
        var server = await LoopbackServer.StartAsync(app => app.MapGet("/api/v1/query", (HttpRequest r) => self!.Answer(r)));
        return self = new PrometheusQueryServer(server);
    }

    /// <summary>Answers <paramref name="query"/> with a one-series vector holding <paramref name="value"/>, or no series when null.</summary>
    public void Value(string query, double? value) => _answers[query] = () => Results.Json(new JsonObject
    {
        ["status"] = "success",
        ["data"] = new JsonObject
        {
            ["resultType"] = "vector",
            ["result"] = value is { } v
                ? new JsonArray(new JsonObject { ["metric"] = new JsonObject(), ["value"] = new JsonArray(1700000000.0, v.ToString("R", CultureInfo.InvariantCulture)) })
                : new JsonArray(),
        },
    });

    /// <summary>Answers <paramref name="query"/> with this status and raw body.</summary>
    public void Raw(string query, int status, string body, string contentType = "application/json") =>
        _answers[query] = () => Results.Text(body, contentType, statusCode: status);

    private IResult Answer(HttpRequest request)
    {
        var query = request.Query["query"].ToString();
        lock (_asked)
        {
            _asked.Add((query, double.Parse(request.Query["time"].ToString(), CultureInfo.InvariantCulture)));
        }
        return _answers.TryGetValue(query, out var answer)
            ? answer()
            : Results.Json(new JsonObject { ["status"] = "error", ["errorType"] = "bad_data", ["error"] = $"unknown query {query}" }, statusCode: 400);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
