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
        try
        {
            var text = await TextAsync(request, ct).ConfigureAwait(false);
            return (string.IsNullOrWhiteSpace(text) ? null
                : System.Text.Json.Nodes.JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 64 }), null);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return (null, Problem(400, "invalid-json", "The request body is not valid JSON.", ex.Message));
        }
    }

    public static async Task<string> TextAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
    }
}
