using System.Text.Json;
using Baton.Core;
using Baton.Runtime.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Baton.ControlPlane.Http;

/// <summary>Reads request bodies within the configured size limit.</summary>
internal static class Body
{
    /// <summary>Reads the body as UTF-8 text; bytes that are not UTF-8 throw <see cref="BadRequestException"/> with their offset.</summary>
    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken ct)
    {
        var (text, problem) = await Utf8Body.ReadAsync(request.Body, ct).ConfigureAwait(false);
        return text ?? throw new BadRequestException("invalid-utf8", "The request body is not valid UTF-8.", problem!);
    }

    /// <summary>Reads an optional JSON body; an empty body is null; malformed JSON throws <see cref="BadRequestException"/>.</summary>
    public static async Task<JsonNode?> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        var text = await ReadTextAsync(request, ct).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? null : ParseJson(text);
    }

    /// <summary>Parses a JSON body within the value limits; malformed JSON throws <see cref="BadRequestException"/>.</summary>
    public static JsonNode? ParseJson(string text)
    {
        try
        {
            return ValueLimits.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new BadRequestException("invalid-json", "The request body is not valid JSON.",
                $"{ex.Message} Send a JSON value (the workflow input), or no body for null.");
        }
    }
}
