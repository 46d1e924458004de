using System.Text.Encodings.Web;
using System.Text.Json;
using Baton.Core.Engine;

namespace Baton.Cli;

/// <summary>JSON settings for what the CLI prints.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Indented { get; } = new(EngineJson.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
