using Baton.Runtime.Text;
using Baton.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Baton.Functions;

/// <summary>The function app's HTTP answers: RFC 7807 problem details for every error.</summary>
internal static class HttpResults
{
    public static ObjectResult Problem(int status, string slug, string title, string detail, object? errors = null)
    {
        var problem = new ProblemDetails { Status = status, Type = $"https://baton.dev/problems/{slug}", Title = title, Detail = detail };
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }
        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }

    public static ObjectResult Json(object? body, int status = StatusCodes.Status200OK) => new(body) { StatusCode = status };

    /// <summary>Reads an optional JSON body (empty is null), or the 400 problem that says why it is not JSON.</summary>
    public static async Task<(System.Text.Json.Nodes.JsonNode? Body, ObjectResult? Problem)> JsonAsync(HttpRequest request, CancellationToken ct)
    {
        var (text, problem) = await TextAsync(request, ct).ConfigureAwait(false);
        if (problem is not null || string.IsNullOrWhiteSpace(text))
        {
            return (null, problem);
        }
        try
        {
            return (ValueLimits.Parse(text), null);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return (null, Problem(400, "invalid-json", "The request body is not valid JSON.", ex.Message));
        }
    }

    /// <summary>Reads the body as UTF-8 text, or the 400 problem that gives the offset of the first byte that is not UTF-8.</summary>
    public static async Task<(string Text, ObjectResult? Problem)> TextAsync(HttpRequest request, CancellationToken ct)
    {
        var (text, problem) = await Utf8Body.ReadAsync(request.Body, ct).ConfigureAwait(false);
        return problem is null ? (text!, null) : ("", Problem(400, "invalid-utf8", "The request body is not valid UTF-8.", problem));
    }
}
