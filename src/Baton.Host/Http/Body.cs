using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Baton.Host.Http;

/// <summary>Reads request bodies within the configured size limit.</summary>
internal static class Body
{
    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Reads an optional JSON body; an empty body is null; malformed JSON throws <see cref="BadRequestException"/>.</summary>
    public static async Task<JsonNode?> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        var text = await ReadTextAsync(request, ct).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            throw new BadRequestException("invalid-json", "The request body is not valid JSON.",
                $"{ex.Message} Send a JSON value (the workflow input), or no body for null.");
        }
    }
}

/// <summary>A client error that becomes a 400 problem with the given slug.</summary>
internal sealed class BadRequestException(string slug, string title, string detail) : Exception(detail)
{
    public string Slug { get; } = slug;

    public string Title { get; } = title;
}
