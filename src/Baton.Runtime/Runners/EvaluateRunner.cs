using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;
using Baton.Runtime.Slo;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>Runs <see cref="EvaluateBinding"/>s: fetches SLI values from the binding's source over the evaluation
/// window, then judges them with the binding's SLO like the built-in <c>evaluate</c>.</summary>
/// <remarks>Step input: <c>service</c>, <c>stage</c>, <c>project</c>, <c>deployment</c> (for the queries'
/// placeholders), the window as <c>start</c>/<c>end</c> (RFC 3339) or <c>timeframe</c> (a duration ending at
/// <c>end</c>, default 5m ending now; also read under <c>evaluation</c>, then <c>test</c>, as Keptn's lighthouse does), and, as for the built-in, <c>indicators</c> (added to or overriding the fetched
/// values), <c>previous</c> and <c>subject</c>. The output is the built-in's, with <c>timeStart</c>/<c>timeEnd</c>.</remarks>
public sealed class EvaluateRunner(TimeProvider time) : ITaskRunner, IDisposable
{
    private readonly HttpClient _client = GuardedConnect.PerRequestClient(TimeSpan.FromSeconds(30));

    /// <inheritdoc />
    public bool CanRun(TaskBinding binding) => binding is EvaluateBinding;

    /// <inheritdoc />
    public async Task<TaskResult> RunAsync(TaskBinding binding, TaskContext context, CancellationToken cancellationToken)
    {
        var b = (EvaluateBinding)binding;
        var input = context.Input as JsonObject ?? [];
        try
        {
            var subject = b.Subject is { } template ? Values.Text(template.Evaluate(context.TemplateContext())) : null;
            var request = SloInput.Read(input, b.Slo, subject);
            SliWindow? window = null;
            if (b.Sli is { } source)
            {
                window = Window(input);
                var fetched = await PrometheusSli.FetchAsync(_client, source, input, window, r => GuardedConnect.Allow(r, source.AllowPrivateNetwork), cancellationToken)
                    .ConfigureAwait(false);
                var given = request.Indicators.Select(v => v.Metric).ToHashSet(StringComparer.Ordinal);
                request = request with { Indicators = [.. fetched.Where(v => !given.Contains(v.Metric)), .. request.Indicators] };
            }
            var result = await Evaluation.EvaluateAsync(request, context, cancellationToken).ConfigureAwait(false);
            if (window is not null)
            {
                var evaluation = (JsonObject)result["evaluation"]!;
                evaluation["timeStart"] = window.Start.ToString("O");
                evaluation["timeEnd"] = window.End.ToString("O");
            }
            return TaskResult.Ok(result);
        }
        catch (SliFetchException ex)
        {
            return TaskResult.Fail(ex.Retryable ? "MetricsUnavailable" : "MetricsInvalid", ex.Message, ex.Retryable);
        }
        catch (HttpRequestException ex) when (GuardedConnect.Refusal(ex) is { } refused)
        {
            return TaskResult.Fail("AddressRefused", refused.Message, retryable: false);
        }
        catch (Exception ex) when (ex is ArgumentException or ExpressionException)
        {
            return TaskResult.Fail("InvalidInput", ex.Message, retryable: false);
        }
    }

    /// <summary>The window from the input's <c>start</c>/<c>end</c>/<c>timeframe</c>; as Keptn's lighthouse, also from
    /// <c>evaluation.*</c> (where a shipyard task's properties land) and then <c>test.start</c>/<c>test.end</c>.</summary>
    private SliWindow Window(JsonObject input)
    {
        var from = input.ContainsKey("start") || input.ContainsKey("end") || input.ContainsKey("timeframe") ? input
            : input["evaluation"] is JsonObject evaluation && (evaluation.ContainsKey("start") || evaluation.ContainsKey("timeframe")) ? evaluation
            : input["test"] is JsonObject test && test.ContainsKey("start") && test.ContainsKey("end") ? test
            : input;
        var end = from["end"] is { } e ? Instant(e, "end") : time.GetUtcNow();
        if (from["start"] is { } s)
        {
            var start = Instant(s, "start");
            return start < end ? new SliWindow(start, end) : throw new ArgumentException("'start' must be before 'end'.");
        }
        var length = TimeSpan.FromMinutes(5);
        if (from["timeframe"] is { } t && !Duration.TryParse(Values.Text(t), out length))
        {
            throw new ArgumentException($"'timeframe' ('{Values.Text(t)}') is not a duration such as 5m or 1h.");
        }
        return length > TimeSpan.Zero ? new SliWindow(end - length, end) : throw new ArgumentException("'timeframe' must be longer than zero.");
    }

    private static DateTimeOffset Instant(JsonNode node, string key) =>
        DateTimeOffset.TryParse(Values.Text(node), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : throw new ArgumentException($"'{key}' ('{Values.Text(node)}') is not a date and time such as 2026-11-30T12:00:00Z.");

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
