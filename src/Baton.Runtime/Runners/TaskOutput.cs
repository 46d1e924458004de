using Baton.Core;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>Turns what a process or container wrote into a task result, the same way for both.</summary>
internal static class TaskOutput
{
    /// <summary>How much of stderr a failure carries.</summary>
    public const int StderrTail = 2048;

    /// <summary>Parses output text as JSON (empty is null), or wraps it as <c>{"stdout": text}</c> when the binding asks for text.</summary>
    public static TaskResult Parse(string text, string source, bool textOutput)
    {
        if (textOutput)
        {
            return TaskResult.Ok(new JsonObject { ["stdout"] = text });
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return TaskResult.Ok(null);
        }
        try
        {
            return TaskResult.Ok(ValueLimits.Parse(text));
        }
        catch (JsonException ex)
        {
            var excerpt = text.Length > 200 ? text[..200] + "..." : text;
            return TaskResult.Fail("InvalidOutput", $"The task's {source} is not JSON ({ex.Message}): {excerpt.Trim()}. " +
                "Write JSON to stdout or to BATON_OUTPUT_FILE, or set 'output: text' in the catalog.", retryable: false);
        }
    }

    /// <summary>The last <see cref="StderrTail"/> characters of stderr, trimmed, for a failure message.</summary>
    public static string Tail(string stderr) => (stderr.Length > StderrTail ? "..." + stderr[^StderrTail..] : stderr).Trim();
}
