using System.Text.Json.Nodes;

namespace Baton.Plugins.WordCount;

/// <summary>Counts the words, lines and characters of the step input's <c>text</c>, and names its most frequent words.</summary>
/// <remarks>Settings: <c>top</c> (how many frequent words, 0 to 50, default 3) and <c>ignore_case</c> (default true).</remarks>
public sealed class WordCountPlugin : ITaskPlugin
{
    private static readonly char[] Separators = [' ', '\t', '\r', '\n', '.', ',', ';', ':', '!', '?', '"', '(', ')'];

    /// <inheritdoc />
    public string Name => "word-count";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public string Description => "Counts the words, lines and characters of a text and names its most frequent words.";

    /// <inheritdoc />
    public JsonObject? SettingsSchema => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["top"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 50 },
            ["ignore_case"] = new JsonObject { ["type"] = "boolean" },
        },
    };

    /// <inheritdoc />
    public Task<JsonNode?> RunAsync(PluginRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Input?["text"] is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            throw new PluginFailureException("InvalidInput", "The input needs a 'text' string.", retryable: false);
        }
        var top = request.Settings["top"]?.GetValue<int>() ?? 3;
        var ignoreCase = request.Settings["ignore_case"]?.GetValue<bool>() ?? true;
        var words = text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var frequent = words.GroupBy(w => ignoreCase ? w.ToLowerInvariant() : w, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(top)
            .Select(g => (JsonNode?)new JsonObject { ["word"] = g.Key, ["count"] = g.Count() });
        return Task.FromResult<JsonNode?>(new JsonObject
        {
            ["words"] = words.Length,
            ["lines"] = text.Length == 0 ? 0 : text.Split('\n').Length,
            ["characters"] = text.Length,
            ["top"] = new JsonArray([.. frequent]),
        });
    }
}
