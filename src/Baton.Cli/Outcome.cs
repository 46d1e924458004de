using Baton.Core.Engine;

namespace Baton.Cli;

/// <summary>Prints how an instance ended: a summary line on stderr, the output JSON on stdout.</summary>
internal static class Outcome
{
    public static int Print(InstanceState final) =>
        Print(final.WorkflowName, final.Status, final.Output, final.Error, final.CompletedAt is { } done ? done - final.CreatedAt : null);

    /// <summary>Prints an ending known by its parts (as the Durable backend reports it) and returns the exit code.</summary>
    public static int Print(string workflow, InstanceStatus status, System.Text.Json.Nodes.JsonNode? output, ErrorInfo? error, TimeSpan? took)
    {
        var time = took is { } t ? $" in {t.TotalMilliseconds:0} ms" : "";
        if (status == InstanceStatus.Completed)
        {
            Console.Error.WriteLine($"baton: {workflow} completed{time}");
            Console.Out.WriteLine(output?.ToJsonString(JsonOutput.Indented) ?? "null");
            return ExitCodes.Ok;
        }
        Console.Error.WriteLine($"baton: {workflow} {status.ToString().ToLowerInvariant()}{time}: [{error?.Code}] {error?.Message}");
        return ExitCodes.WorkflowFailed;
    }
}
