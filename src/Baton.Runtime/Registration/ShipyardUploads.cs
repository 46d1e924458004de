using Baton.Core.Definitions;
using Baton.Core.Definitions.Import;
using Baton.Abstractions;

namespace Baton.Runtime.Registration;

/// <summary>A Keptn shipyard as registry entries: one workflow per sequence, named <c>&lt;stage&gt;.&lt;sequence&gt;</c>,
/// versioned by content, for every host (the CLI's run, the server's upload) alike.</summary>
/// <remarks>A sequence's version is <c>sha-</c> and the first 12 hex digits of its text's hash, and registering makes
/// it the active one, so the shipyard as uploaded last is what runs while earlier versions stay in the registry. The
/// stored text is the sequence converted to Baton's language, so its file name says so
/// (<c>shipyard.yaml (sequence dev.delivery, converted)</c>): a problem found later, such as a task no catalog binds,
/// cites a line of that text (<c>GET /api/definitions/{name}/versions/{version}</c> shows it), not of the shipyard.</remarks>
public static class ShipyardUploads
{
    /// <summary>The stored workflow of every sequence of a loaded shipyard (whose sequences all loaded).</summary>
    public static IReadOnlyList<StoredDefinition> Sequences(IEnumerable<ShipyardSequence> sequences, string fileName) =>
        [.. sequences.Select(s =>
        {
            var text = YamlText.Write(s.Workflow.Root);
            var hash = ContentHash.Of(text);
            return new StoredDefinition(hash, "workflow", s.Name, "sha-" + hash[..12], $"{fileName} (sequence {s.Name}, converted)", text);
        })];

    /// <summary>Reads an uploaded shipyard; null when the text is not one.</summary>
    /// <exception cref="DefinitionException">The shipyard is invalid; nothing is stored.</exception>
    public static IReadOnlyList<StoredDefinition>? Read(string text, string fileName)
    {
        if (DefinitionLoader.LoadShipyard(text, fileName) is not { } shipyard)
        {
            return null;
        }
        return shipyard.Diagnostics.Count > 0 ? throw new DefinitionException(shipyard.Diagnostics) : Sequences(shipyard.Sequences.Select(s => s.Sequence), fileName);
    }

    /// <summary>Saves, registers and activates every sequence's workflow.</summary>
    public static async Task<IReadOnlyList<RegistryEntry>> RegisterAsync(Registry registry, IReadOnlyList<StoredDefinition> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(sequences);
        var entries = new List<RegistryEntry>();
        foreach (var definition in sequences)
        {
            await registry.RegisterAsync(definition, cancellationToken).ConfigureAwait(false);
            entries.Add(await registry.ActivateAsync("workflow", definition.Name, definition.Version, cancellationToken).ConfigureAwait(false));
        }
        return entries;
    }
}
