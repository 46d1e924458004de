namespace Baton.Cli;

/// <summary>The exit codes of <c>baton</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Success: valid, or the workflow completed.</summary>
    public const int Ok = 0;

    /// <summary>The workflow failed or was terminated.</summary>
    public const int WorkflowFailed = 1;

    /// <summary>Bad input: an invalid definition, catalog, input or argument.</summary>
    public const int InvalidInput = 2;

    /// <summary>Something outside the workflow went wrong (store locked, I/O error).</summary>
    public const int Error = 3;

    /// <summary>Interrupted before the workflow finished; it can be resumed.</summary>
    public const int Interrupted = 130;
}
