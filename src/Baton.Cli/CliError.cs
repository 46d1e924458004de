namespace Baton.Cli;

/// <summary>An error to show as one clear line (plus details), never as a stack trace.</summary>
internal sealed class CliError(string message, int exitCode, IReadOnlyList<string>? details = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public IReadOnlyList<string> Details { get; } = details ?? [];
}
