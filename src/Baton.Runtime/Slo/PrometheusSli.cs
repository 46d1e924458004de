using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;

namespace Baton.Runtime.Slo;

/// <summary>Fetches SLI values from a Prometheus-compatible query endpoint: one instant query per SLI at the
/// window's end, with Keptn's placeholders filled in.</summary>
/// <remarks>A query that fails on its own (bad PromQL, no series, several series, not a finite number) gives that
/// SLI a failed value with the reason, which fails its objective, as Keptn does. An endpoint that cannot be reached or
/// answers 5xx throws a retryable <see cref="SliFetchException"/>; one that answers anything but the Prometheus API
/// throws a non-retryable one. Placeholder values are data: only letters, digits and <c>_ . : / -</c> are accepted,
/// so a value can never change a query's meaning.</remarks>
public static partial class PrometheusSli
{
    [GeneratedRegex(@"^[A-Za-z0-9_.:/-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeValue();

    private static readonly (string Placeholder, string Key)[] Placeholders =
        [("$PROJECT", "project"), ("$STAGE", "stage"), ("$SERVICE", "service"), ("$DEPLOYMENT", "deployment")];

    /// <summary>The query for one SLI with its placeholders filled from the step input and the window.</summary>
    /// <exception cref="ArgumentException">A placeholder's value is missing or not a plain name.</exception>
    public static string Fill(string query, JsonObject? input, SliWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var filled = query.Replace("$DURATION_SECONDS", window.DurationSeconds, StringComparison.Ordinal);
        foreach (var (placeholder, key) in Placeholders)
        {
            if (!filled.Contains(placeholder, StringComparison.Ordinal))
            {
                continue;
            }
            var value = input?[key] is JsonValue v ? Values.Text(v) : null;
            if (value is null || !SafeValue().IsMatch(value))
            {
                throw new ArgumentException(value is null
                    ? $"The query uses {placeholder}, but the step input has no '{key}'."
                    : $"'{key}' ('{value}') may hold only letters, digits and _ . : / - to be put into a query.");
            }
            filled = filled.Replace(placeholder, value, StringComparison.Ordinal);
        }
        return filled;
    }

    /// <summary>Runs every query of <paramref name="source"/> and returns one value per SLI, in query order.</summary>
    public static async Task<IReadOnlyList<SliValue>> FetchAsync(HttpClient client, SliSource source, JsonObject? input, SliWindow window,
        Action<HttpRequestMessage> prepare, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(prepare);
        var values = new List<SliValue>();
        var time = (window.End.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
        foreach (var (sli, query) in source.Queries)
        {
            var uri = new Uri(source.Url, $"{source.Url.AbsolutePath.TrimEnd('/')}/api/v1/query?query={Uri.EscapeDataString(Fill(query, input, window))}&time={time}");
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            prepare(request);
            values.Add(await QueryAsync(client, request, sli, cancellationToken).ConfigureAwait(false));
        }
        return values;
    }

    private static async Task<SliValue> QueryAsync(HttpClient client, HttpRequestMessage request, string sli, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (Runners.GuardedConnect.Refusal(ex) is null)
        {
            throw new SliFetchException($"The metrics endpoint {request.RequestUri!.GetLeftPart(UriPartial.Authority)} cannot be reached: {ex.Message}", retryable: true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SliFetchException($"The metrics endpoint {request.RequestUri!.GetLeftPart(UriPartial.Authority)} did not answer the query for '{sli}' in time.", retryable: true);
        }
        using (response)
        {
            var code = (int)response.StatusCode;
            var body = await ReadBoundedAsync(response, sli, cancellationToken).ConfigureAwait(false);
            if (Abstractions.TaskResult.IsTransient(code))
            {
                throw new SliFetchException($"The metrics endpoint answered {code} {response.ReasonPhrase} for '{sli}'.", retryable: true);
            }
            JsonObject? answer;
            try
            {
                answer = JsonNode.Parse(body) as JsonObject;
            }
            catch (JsonException)
            {
                answer = null;
            }
            if (answer?["status"] is not JsonValue status)
            {
                throw new SliFetchException($"The metrics endpoint answered {code} for '{sli}' with something other than the Prometheus query API ({Excerpt(body)}).", retryable: false);
            }
            if (Values.Text(status) != "success")
            {
                return Failed(sli, $"The query failed: {Values.Text(answer["errorType"])}: {Values.Text(answer["error"])}");
            }
            return Read(sli, answer["data"] as JsonObject);
        }
    }

    /// <summary>The most bytes of one query's answer that are read; an SLI is one number, so more is not an answer.</summary>
    public const int MaxAnswerBytes = 1 << 20;

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, string sli, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxAnswerBytes + 1];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
            {
                read += n;
            }
            return read > MaxAnswerBytes
                ? throw new SliFetchException($"The metrics endpoint's answer for '{sli}' is larger than {MaxAnswerBytes} bytes; an SLI query answers one series.", retryable: false)
                : System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
    }

    private static SliValue Read(string sli, JsonObject? data)
    {
        var type = data?["resultType"] is JsonValue t ? Values.Text(t) : "";
        JsonNode? sample;
        switch (type)
        {
            case "vector":
                var series = data!["result"] as JsonArray ?? [];
                if (series.Count != 1)
                {
                    return Failed(sli, series.Count == 0 ? "The query returned no data." : $"The query returned {series.Count} series; aggregate them to one (sum, avg, max...).");
                }
                sample = series[0]?["value"];
                break;
            case "scalar":
                sample = data!["result"];
                break;
            default:
                return Failed(sli, $"The query returned a '{type}' result; an SLI needs an instant vector of one series or a scalar.");
        }
        var text = sample is JsonArray { Count: 2 } pair ? Values.Text(pair[1]) : null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? new SliValue(sli, value, true, null)
            : Failed(sli, $"The query's value '{text}' is not a finite number.");
    }

    private static SliValue Failed(string sli, string message) => new(sli, 0, false, message);

    private static string Excerpt(string body) => body.Length > 200 ? body[..200] + "..." : body.Length == 0 ? "an empty body" : body;
}
