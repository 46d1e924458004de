using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core;

namespace Baton.Cli;

/// <summary>Builds a workflow's input from <c>--input key=value</c> pairs and an optional <c>--input-file</c>.</summary>
/// <remarks>A value that parses as JSON keeps its type (<c>n=3</c> is a number, <c>tags=["a"]</c> a list); any
/// other value is a string. Dotted keys nest (<c>user.name=ada</c>). Pairs override the file.</remarks>
internal static class Inputs
{
    public static JsonNode? Build(string? inputFile, IReadOnlyList<string> pairs)
    {
        JsonNode? input = null;
        if (inputFile is not null)
        {
            input = Parse(TextFiles.Read(inputFile, "input"), $"The input file '{inputFile}'");
        }
        if (pairs.Count == 0)
        {
            return input;
        }
        var obj = input as JsonObject ?? (input is null ? [] : throw new CliError("--input pairs need the input file to hold a JSON object.", ExitCodes.InvalidInput));
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliError($"--input '{pair}' is not of the form key=value.", ExitCodes.InvalidInput);
            }
            var keys = pair[..eq].Split('.');
            var target = obj;
            foreach (var k in keys[..^1])
            {
                target = target[k] as JsonObject ?? (JsonObject)(target[k] = new JsonObject());
            }
            target[keys[^1]] = Value(pair[(eq + 1)..]);
        }
        return ValueLimits.DepthProblem(obj) is { } tooDeep ? throw new CliError($"The input is too deep: {tooDeep}.", ExitCodes.InvalidInput) : obj;
    }

    /// <summary>Parses a JSON argument within the depth limit, or explains which option held invalid JSON.</summary>
    public static JsonNode? Parse(string text, string option)
    {
        try
        {
            return ValueLimits.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new CliError($"{option} is not valid JSON: {ex.Message}", ExitCodes.InvalidInput);
        }
    }

    private static JsonNode? Value(string text)
    {
        try
        {
            return ValueLimits.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
