using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Runtime.Backends;
using Baton.Runtime.Hub;
using Baton.Runtime.Store;

namespace Baton.Host.Api;

/// <summary>The operations the native and the Durable-compatible routes share, so both behave alike.</summary>
/// <remarks>A start by name uses the workflow's active version (or a named live version) and the active version of
/// the catalog named <c>default</c> (or a named one), both from the definitions registry.</remarks>
public sealed class ControlPlane(IWorkflowBackend backend, TimeProvider time)
{
    /// <summary>The catalog a start uses when it names none.</summary>
    public const string DefaultCatalog = "default";

    /// <summary>The backend behind the API: the embedded hub or the Durable backend.</summary>
    public IWorkflowBackend Backend => backend;

    /// <summary>Registers a workflow or catalog from uploaded text; returns the entry and whether it was new.</summary>
    /// <exception cref="DefinitionException">The text is invalid; nothing is stored.</exception>
    public async Task<(RegistryEntry Entry, bool Created)> RegisterAsync(string kind, string text, string fileName, CancellationToken ct)
    {
        var upload = Uploads.Read(kind, text, fileName);
        var (name, version, hash) = (upload.Name, upload.Version, upload.Hash);
        var before = (await backend.Registry.ListRegistryAsync(kind, name, ct).ConfigureAwait(false)).FirstOrDefault(e => e.Version == version);
        await backend.Registry.SaveDefinitionAsync(upload, ct).ConfigureAwait(false);
        var entry = await backend.Registry.RegisterAsync(kind, name, version, hash, time.GetUtcNow(), ct).ConfigureAwait(false);
        return (entry, before is null);
    }

    /// <summary>Finds the registry entry a start should use; throws a problem-shaped error when there is none.</summary>
    public async Task<(StoredDefinition Definition, StoredDefinition? Catalog)> ResolveAsync(string name, string? version, string? catalogName, CancellationToken ct)
    {
        var definition = await ResolveOneAsync("workflow", name, version, ct).ConfigureAwait(false)
            ?? throw new NotFoundException("workflow-not-found", $"No live workflow '{name}'{(version is null ? "" : $" version '{version}'")} is registered.",
                "Upload it with POST /api/definitions (admin key), or check the name and version.");
        var catalog = await ResolveOneAsync("catalog", catalogName ?? DefaultCatalog, null, ct).ConfigureAwait(false);
        if (catalog is null && catalogName is not null)
        {
            throw new NotFoundException("catalog-not-found", $"No catalog '{catalogName}' is registered.", "Upload it with POST /api/catalogs.");
        }
        return (definition, catalog);
    }

    /// <summary>Starts a workflow by name and returns its instance id.</summary>
    /// <remarks>The instance joins the caller's trace: the request's span when tracing is on, else its traceparent header.</remarks>
    public async Task<string> StartAsync(string name, string? version, string? catalog, string? instanceId, JsonNode? input, string? traceParent, CancellationToken ct)
    {
        var (definition, storedCatalog) = await ResolveAsync(name, version, catalog, ct).ConfigureAwait(false);
        return await backend.StartInstanceAsync(new StartRequest(definition, storedCatalog, input, instanceId)
        {
            TraceParent = Runtime.Telemetry.CurrentTraceParent() ?? traceParent,
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Sends a control operation (event, terminate, suspend, resume, rewind) to an instance.</summary>
    /// <returns>Null when there is no such instance; else whether the instance took it, with the state it was in.</returns>
    public async Task<(bool Accepted, InstanceState State)?> ControlAsync(string instanceId, Func<IWorkflowBackend, Task<bool>> send, CancellationToken ct)
    {
        var state = await backend.GetStateAsync(instanceId, ct).ConfigureAwait(false);
        return state is null ? null : (await send(backend).ConfigureAwait(false), state);
    }

    /// <summary>An instance's state as the status routes show it: input and output with any parts kept in Blob storage read back.</summary>
    public async Task<InstanceState?> StatusAsync(string instanceId, CancellationToken ct) =>
        await backend.GetStateAsync(instanceId, ct).ConfigureAwait(false) is { } state
            ? state with
            {
                Input = await backend.ReadValueAsync(instanceId, state.Input, ct).ConfigureAwait(false),
                Output = await backend.ReadValueAsync(instanceId, state.Output, ct).ConfigureAwait(false),
            }
            : null;

    /// <summary>Waits up to a limit for an instance to finish; null when it is still running then.</summary>
    public async Task<InstanceState?> WaitAsync(string instanceId, TimeSpan limit, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(limit);
        try
        {
            return await backend.WaitForCompletionAsync(instanceId, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Reads history as JSON events, in order.</summary>
    public async Task<IReadOnlyList<JsonNode?>> HistoryAsync(string instanceId, long from, int top, CancellationToken ct) =>
        [.. (await backend.ReadHistoryAsync(instanceId, from, top, ct).ConfigureAwait(false)).Select(h =>
        {
            var e = JsonNode.Parse(h.Event)!.AsObject();
            e["sequence"] = h.Sequence;
            return (JsonNode?)e;
        })];

    /// <summary>The registered definition or catalog a name (and version, else the active one) stands for; null when none is live.</summary>
    internal async Task<StoredDefinition?> ResolveOneAsync(string kind, string name, string? version, CancellationToken ct)
    {
        var entries = await backend.Registry.ListRegistryAsync(kind, name, ct).ConfigureAwait(false);
        var entry = version is null ? entries.FirstOrDefault(e => e.Active) : entries.FirstOrDefault(e => e.Version == version && !e.Retired);
        return entry is null ? null : await backend.Registry.GetDefinitionAsync(entry.Hash, ct).ConfigureAwait(false);
    }

}

/// <summary>A 404 with a specific problem type.</summary>
internal sealed class NotFoundException(string slug, string title, string detail) : Exception(detail)
{
    public string Slug { get; } = slug;

    public string Title { get; } = title;
}
