using Baton.Core.Definitions;
using Baton.Runtime.Catalog;
using Baton.Abstractions;

namespace Baton.Runtime.Registration;

/// <summary>Turns an uploaded workflow or catalog text into what a registry stores: its name, version and content hash.</summary>
/// <remarks>The same rules for every host: a workflow must load (the language alone is checked); a catalog must
/// load and name itself in <c>metadata.name</c> (version <c>1</c> when it gives none).</remarks>
public static class Uploads
{
    /// <summary>Reads an upload of the given kind (<c>workflow</c> or <c>catalog</c>).</summary>
    /// <exception cref="DefinitionException">The text is invalid; each diagnostic names file, line, column, key and a fix.</exception>
    public static StoredDefinition Read(string kind, string text, string fileName)
    {
        string name, version;
        if (kind == "workflow")
        {
            var def = DefinitionLoader.Load(text, fileName).GetOrThrow();
            (name, version) = (def.Metadata.Name, def.Metadata.Version);
        }
        else
        {
            var (catalog, problems) = CatalogLoader.Load(text, fileName, ".");
            if (catalog is null)
            {
                throw new DefinitionException(problems);
            }
            (name, version) = (catalog.Name ?? throw MissingName(fileName), catalog.Version ?? "1");
        }
        return new StoredDefinition(ContentHash.Of(text), kind, name, version, fileName, text);
    }

    private static DefinitionException MissingName(string file) => new([new Diagnostic("BTN011", new SourceLocation(file, 1, 1), "metadata",
        "A catalog uploaded to the registry needs 'metadata.name'.", "Add 'metadata: { name: default, version: \"1\" }'.")]);
}
