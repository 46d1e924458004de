using Baton.Core.Engine;

namespace Baton.Cli;

/// <summary>Prints how an instance ended: a summary line on stderr, the output JSON on stdout.</summary>
internal static class Outcome
{
    public static int Print(InstanceState final)
    {
        var took = final.CompletedAt is { } done ? $" in {(done - final.CreatedAt).TotalMilliseconds:0} ms" : "";
        if (final.Status == InstanceStatus.Completed)
        {
            Console.Error.WriteLine($"baton: {final.WorkflowName} completed{took}");
            Console.Out.WriteLine(final.Output?.ToJsonString(JsonOutput.Indented) ?? "null");
            return ExitCodes.Ok;
        }
        Console.Error.WriteLine($"baton: {final.WorkflowName} {final.Status.ToString().ToLowerInvariant()}{took}: [{final.Error?.Code}] {final.Error?.Message}");
        return ExitCodes.WorkflowFailed;
    }
}
