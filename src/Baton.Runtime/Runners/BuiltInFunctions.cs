using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Expressions;

namespace Baton.Runtime.Runners;

/// <summary>The functions every host has: <c>noop</c>, <c>echo</c>, <c>sleep</c>, <c>evaluate</c> and <c>keptn-event</c>.</summary>
internal static class BuiltInFunctions
{
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
        if (input is JsonObject o)
        {
            if (Values.AsNumber(o["ms"]) is { } ms && ms >= 0)
            {
                return TimeSpan.FromMilliseconds(ms);
            }
            if (Duration.TryParse(Values.Text(o["duration"]), out var d))
            {
                return d;
            }
        }
        throw new NonRetryableTaskException("sleep needs 'ms' (a number) or 'duration' (such as 2s).");
    }
}
