namespace Baton.Runtime.Slo;

/// <summary>Why an SLO, its criteria or its earlier results cannot be evaluated, with the key path at fault.</summary>
/// <remarks>The evaluation never passes around such a problem: the step fails and the message names the key (for
/// example <c>objectives[1].pass[0].criteria[0]</c>) and how to fix it.</remarks>
public sealed class SloException(string path, string message) : ArgumentException($"{(path.Length == 0 ? "slo" : path)}: {message}")
{
    /// <summary>The dotted key path within the SLO (empty for the SLO as a whole).</summary>
    public string Path { get; } = path;

    /// <summary>The problem, without the path.</summary>
    public string Problem { get; } = message;
}
