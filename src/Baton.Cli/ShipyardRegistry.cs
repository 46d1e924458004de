using Baton.Runtime.Hub;
using Baton.Runtime.Store;

namespace Baton.Cli;

/// <summary>Registers every sequence of a shipyard in a hub, so a sequence's linked sequences can run as its child workflows.</summary>
/// <remarks>Each is registered under a version made from its content hash and made active, so the shipyard as loaded
/// now is what runs, and an earlier one on the same store stays in its history.</remarks>
internal static class ShipyardRegistry
{
    public static async Task RegisterAsync(TaskHub hub, IReadOnlyList<StoredDefinition> sequences, CancellationToken ct)
    {
        foreach (var definition in sequences)
        {
            var version = "sha-" + definition.Hash[..Math.Min(12, definition.Hash.Length)];
            await hub.Store.SaveDefinitionAsync(definition, ct).ConfigureAwait(false);
            await hub.Store.RegisterAsync("workflow", definition.Name, version, definition.Hash, DateTimeOffset.UtcNow, ct).ConfigureAwait(false);
            await hub.Store.ActivateAsync("workflow", definition.Name, version, ct).ConfigureAwait(false);
        }
    }
}
