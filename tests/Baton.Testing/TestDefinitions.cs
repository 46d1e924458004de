using Baton.Abstractions;
namespace Baton.Testing;

/// <summary>Inline workflow definitions and catalogs for tests, stored as a host would store them.</summary>
public static class TestDefinitions
{
    /// <summary>A workflow named <paramref name="name"/> (version 1) whose <c>spec</c> is the given YAML body.</summary>
    public static StoredDefinition Workflow(string name, string spec) => Workflow(name, spec, "1");

    /// <summary>A workflow of a given name and version whose <c>spec</c> is the given YAML body.</summary>
    public static StoredDefinition Workflow(string name, string spec, string version)
    {
        var text = $"apiVersion: baton.dev/v1\nkind: Workflow\nmetadata:\n  name: {name}\n  version: '{version}'\nspec:\n{spec}";
        return new StoredDefinition(ContentHash.Of(text), "workflow", name, version, $"{name}.yaml", text);
    }

    /// <summary>A catalog whose <c>tasks</c> is the given YAML body.</summary>
    public static StoredDefinition Catalog(string tasks)
    {
        var text = $"apiVersion: baton.dev/v1\nkind: Catalog\ntasks:\n{tasks}";
        return new StoredDefinition(ContentHash.Of(text), "catalog", "catalog", "1", "catalog.yaml", text);
    }
}
