namespace Baton.Abstractions;

/// <summary>A refusal that carries its own RFC 7807 problem: status, type slug, title and detail.</summary>
/// <remarks>Thrown by the control plane, the registry and the backends for what a client did wrong (or asked of a
/// backend that cannot do it); every host maps it the same way, so one error map serves both. The message is the
/// problem's detail: what happened and what to do instead.</remarks>
public class ProblemException : Exception
{
    /// <summary>Creates the problem.</summary>
    public ProblemException(int status, string slug, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
        : base(detail)
    {
        Status = status;
        Slug = slug;
        Title = title;
        Extensions = extensions ?? new Dictionary<string, object?>();
    }

    /// <summary>Creates a 500 problem with no detail.</summary>
    public ProblemException() : this(500, "internal", "The request failed.", "The request failed.")
    {
    }

    /// <summary>Creates a 500 problem with a detail.</summary>
    public ProblemException(string message) : this(500, "internal", "The request failed.", message)
    {
    }

    /// <summary>Creates a 500 problem wrapping another exception.</summary>
    public ProblemException(string message, Exception inner) : base(message, inner)
    {
        Status = 500;
        Slug = "internal";
        Title = "The request failed.";
        Extensions = new Dictionary<string, object?>();
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The last segment of the problem type URI (<c>https://baton.dev/problems/{slug}</c>).</summary>
    public string Slug { get; }

    /// <summary>A short summary that does not change between occurrences.</summary>
    public string Title { get; }

    /// <summary>Further members of the problem object (e.g. <c>errors</c>).</summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; }
}
