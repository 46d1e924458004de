using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Expressions;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>The functions every host has: <c>noop</c>, <c>echo</c>, <c>sleep</c>, <c>evaluate</c> and <c>keptn-event</c>.</summary>
internal static class BuiltInFunctions
{
    /// <summary>The names <see cref="Register"/> registers.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(["noop", "echo", "sleep", KeptnEvents.Name, "evaluate"], StringComparer.Ordinal);

    public static void Register(FunctionRegistry registry, TimeProvider time)
    {
        registry.Register("noop", _ => new JsonObject());
        registry.Register("echo", ctx => ctx.Input?.DeepClone());
        registry.Register("sleep", async (ctx, ct) =>
        {
            var delay = Delay(ctx.Input);
            await Task.Delay(delay, time, ct).ConfigureAwait(false);
            return new JsonObject { ["slept_ms"] = Values.Number(delay.TotalMilliseconds) };
        });
        registry.Register(KeptnEvents.Name, KeptnEvents.PublishAsync);
        registry.Register("evaluate", async (ctx, ct) =>
        {
            try
            {
                return await Evaluation.EvaluateAsync(ctx, ct).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                throw new NonRetryableTaskException(ex.Message);
            }
        });
    }

    private static TimeSpan Delay(JsonNode? input)
    {
        var text = Values.Text((input as JsonObject)?["duration"]);
        double? ms = Values.AsNumber((input as JsonObject)?["ms"]) is { } n && n >= 0 ? n
            : Duration.TryParse(text, out var d) ? d.TotalMilliseconds
            : Duration.IsOverMaximum(text) ? double.MaxValue : null;
        return ms switch
        {
            null => throw new NonRetryableTaskException("sleep needs 'ms' (a number) or 'duration' (such as 2s)."),
            > 86_400_000 => throw new NonRetryableTaskException("sleep takes at most 24h; to wait longer, use a 'wait' step, which holds no task slot."),
            { } v => TimeSpan.FromMilliseconds(v),
        };
    }
}
