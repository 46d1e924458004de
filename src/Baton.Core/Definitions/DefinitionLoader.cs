namespace Baton.Core.Definitions;

/// <summary>Loads a native workflow definition from YAML or JSON text and validates all of it.</summary>
/// <remarks>Reports every problem at once: syntax, unknown keys (with "did you mean"), missing fields, wrong
/// types, bad durations, duplicate ids, unknown dependencies, cycles, bad expressions and references that are
/// not upstream, unknown tasks and invalid JSON Schemas. Pure: the caller reads the file.</remarks>
public static class DefinitionLoader
{
    /// <summary>The apiVersion of Baton's native language.</summary>
    public const string ApiVersion = "baton.dev/v1";

    /// <summary>Parses and validates a definition.</summary>
    public static LoadResult Load(string text, string file, DefinitionOptions? options = null)
    {
        var (document, syntax) = SourceReader.Read(text, file);
        if (document is null)
        {
            return new LoadResult(null, syntax);
        }
        return Load(document, options ?? DefinitionOptions.LanguageOnly);
    }

    /// <summary>Validates an already parsed document.</summary>
    public static LoadResult Load(SourceDocument document, DefinitionOptions options)
    {
        var sink = new DiagnosticSink(document);
        var definition = DefinitionReader.Read(sink);
        if (definition is not null)
        {
            GraphValidator.Validate(definition, sink);
            ExpressionValidator.Validate(definition, options, sink);
            TaskValidator.Validate(definition, options, sink);
        }
        var diagnostics = sink.Sorted();
        return new LoadResult(diagnostics.Count == 0 ? definition : null, diagnostics);
    }
}
