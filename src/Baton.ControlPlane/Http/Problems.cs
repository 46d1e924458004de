using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Baton.ControlPlane.Http;

/// <summary>RFC 7807 problem details for every error the API returns.</summary>
/// <remarks><c>type</c> is <c>https://baton.dev/problems/&lt;slug&gt;</c>; <c>detail</c> says what to do;
/// extensions carry structured errors (e.g. definition diagnostics with line and column).</remarks>
public static class Problems
{
    /// <summary>The base of every problem type URI.</summary>
    public const string TypeBase = "https://baton.dev/problems/";

    /// <summary>Creates a problem result.</summary>
    public static IResult Create(int status, string slug, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(Details(status, slug, title, detail, extensions));

    /// <summary>Creates the problem details object.</summary>
    public static ProblemDetails Details(int status, string slug, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var p = new ProblemDetails { Status = status, Type = TypeBase + slug, Title = title, Detail = detail };
        foreach (var (k, v) in extensions ?? new Dictionary<string, object?>())
        {
            p.Extensions[k] = v;
        }
        return p;
    }

    /// <summary>404 for an instance id that does not exist.</summary>
    public static IResult InstanceNotFound(string id) =>
        Create(StatusCodes.Status404NotFound, "instance-not-found", "No such instance.", $"There is no instance '{id}' in this task hub.");
}
