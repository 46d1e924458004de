namespace Baton.Durable;

/// <summary>Thrown by the generic orchestrator when the workflow fails, so the orchestration fails with its error.</summary>
public sealed class WorkflowFailedException : Exception
{
    /// <summary>Creates the exception for a workflow error code and message.</summary>
    public WorkflowFailedException(string code, string message) : base($"{code}: {message}") => Code = code;

    /// <summary>Creates the exception with a message only.</summary>
    public WorkflowFailedException(string message) : base(message) => Code = "WorkflowFailed";

    /// <summary>Creates the exception with no detail.</summary>
    public WorkflowFailedException() : this("The workflow failed.")
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    public WorkflowFailedException(string message, Exception inner) : base(message, inner) => Code = "WorkflowFailed";

    /// <summary>The workflow's error code.</summary>
    public string Code { get; }
}
