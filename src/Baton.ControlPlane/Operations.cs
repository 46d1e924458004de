using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Runtime.Registration;
using Baton.Abstractions;

namespace Baton.ControlPlane;

/// <summary>The operations every route runs over a backend: starting by name, controlling, reading, registering.</summary>
/// <remarks>A start by name uses the workflow's active version (or a named live version) and the active version of
/// the catalog named <c>default</c> (or a named one), both from the definitions registry.</remarks>
public sealed class Operations(IWorkflowBackend backend, OperationsOptions? options = null)
{
    /// <summary>The catalog a start uses when it names none.</summary>
    public const string DefaultCatalog = "default";

    /// <summary>The backend behind the API: the embedded hub or the Durable backend.</summary>
    public IWorkflowBackend Backend => backend;

    /// <summary>How the routes behave where a host may tune them.</summary>
    public OperationsOptions Options { get; } = options ?? new OperationsOptions();

    /// <summary>The registry of named versions on this backend: the one place names resolve to what runs.</summary>
    public Registry Registry => backend.Registry;

    /// <summary>Registers a workflow or catalog from uploaded text; returns the entry and whether it was new.</summary>
    /// <remarks>See <see cref="CheckUploadAsync"/> for what is checked. A catalog version that would break the wiring of a
    /// registered workflow is refused with each break listed, unless <paramref name="force"/>.</remarks>
    /// <exception cref="DefinitionException">The text is invalid, or a workflow's wiring does not fit; nothing is stored.</exception>
    /// <exception cref="ProblemException">409 <c>catalog-breaks-workflows</c>; nothing is stored.</exception>
    public async Task<(RegistryEntry Entry, bool Created)> RegisterAsync(string kind, string text, string fileName, CancellationToken ct,
        string? catalog = null, bool force = false)
    {
        var upload = await CheckUploadAsync(kind, text, fileName, catalog, ct).ConfigureAwait(false);
        if (kind == "catalog" && !force && await RegistryWiring.BreaksAsync(Registry, upload, ct).ConfigureAwait(false) is { Count: > 0 } breaks)
        {
            throw new ProblemException(409, "catalog-breaks-workflows", "The new catalog version breaks registered workflows.",
                $"{breaks.Count} problem(s) in {breaks.Select(b => $"{b.Workflow}@{b.Version}").Distinct().Count()} workflow(s) with its contracts; see breaks. " +
                "Fix the contracts or the workflows, or register it anyway with ?force=true.",
                new Dictionary<string, object?>
                {
                    ["breaks"] = breaks.Select(b => new { workflow = b.Workflow, version = b.Version, code = b.Problem.Code, line = b.Problem.Location.Line,
                        column = b.Problem.Location.Column, key = b.Problem.Path, message = b.Problem.Message, fix = b.Problem.Fix }).ToList(),
                });
        }
        return await Registry.RegisterAsync(upload, ct).ConfigureAwait(false);
    }

    /// <summary>Reads an upload as a registration would, storing nothing: the language for both kinds, and for a workflow its
    /// wiring against the contracts of the catalog it will start with (<paramref name="catalog"/>, else <see cref="DefaultCatalog"/>).</summary>
    /// <exception cref="DefinitionException">Each problem, with file, line, column and a fix.</exception>
    public async Task<StoredDefinition> CheckUploadAsync(string kind, string text, string fileName, string? catalog, CancellationToken ct)
    {
        var upload = Uploads.Read(kind, text, fileName);
        if (kind == "workflow")
        {
            await RegistryWiring.CheckWorkflowAsync(Registry, upload, catalog ?? DefaultCatalog, ct).ConfigureAwait(false);
        }
        return upload;
    }

    /// <summary>The workflow and catalog a start by name runs (see <see cref="Registry.ResolveAsync"/>).</summary>
    /// <exception cref="ProblemException">404 when no live version of the workflow, or of a named catalog, is registered.</exception>
    public async Task<(StoredDefinition Definition, StoredDefinition? Catalog)> ResolveAsync(string name, string? version, string? catalogName, CancellationToken ct)
    {
        var (definition, problem) = await Registry.ResolveAsync("workflow", name, version, ct).ConfigureAwait(false);
        if (definition is null)
        {
            throw new ProblemException(404, "workflow-not-found", "No live workflow of that name and version is registered.",
                $"{problem} Upload it with POST /api/definitions (admin key), or check the name and version.");
        }
        var (catalog, missing) = await Registry.ResolveAsync("catalog", catalogName ?? DefaultCatalog, null, ct).ConfigureAwait(false);
        if (catalog is null && catalogName is not null)
        {
            throw new ProblemException(404, "catalog-not-found", "No live catalog of that name is registered.", $"{missing} Upload it with POST /api/catalogs.");
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

    /// <summary>Raises an event on an instance, as the raise-event routes of both route families do.</summary>
    /// <returns>Null when there is no such instance; else whether the instance took it, with the state it was in.</returns>
    /// <exception cref="ProblemException">403 <c>reserved-event-name</c>: names starting with <c>baton.</c> are Baton's own
    /// (a service's task reports travel under them on the Durable backend), so they cannot be raised from outside.</exception>
    public Task<(bool Accepted, InstanceState State)?> RaiseEventAsync(string instanceId, string name, JsonNode? data, CancellationToken ct)
    {
        if (Core.Definitions.Names.IsReservedEventName(name))
        {
            throw new ProblemException(403, "reserved-event-name", "That event name is reserved.",
                $"Event names starting with '{Core.Definitions.Names.ReservedEventPrefix}' are Baton's own and cannot be raised from outside; nothing was changed. " +
                "A service reports on a task it was handed through POST /api/events, with its reply token.");
        }
        if (Runtime.Data.BlobClaimCheck.ForeignReferenceProblem(data) is { } reference)
        {
            throw new ProblemException(400, "invalid-input", "The event data is invalid.", $"The event data is refused: {reference} Nothing was changed.");
        }
        return ControlAsync(instanceId, b => b.RaiseEventAsync(instanceId, name, data, ct), ct);
    }

    /// <summary>Starts a new instance from a point in an instance's history (see <see cref="IWorkflowBackend.ForkAsync"/>).</summary>
    /// <returns>The new instance's id; null when there is no such instance.</returns>
    /// <exception cref="ProblemException">409 <c>version-retired</c>: the instance's workflow version is retired (see <see cref="Registry.EnsureForkableAsync"/>).</exception>
    public async Task<string?> ForkAsync(ForkRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await backend.GetStateAsync(request.InstanceId, ct).ConfigureAwait(false) is not { } original)
        {
            return null;
        }
        await Registry.EnsureForkableAsync(original.WorkflowName, original.WorkflowVersion, ct).ConfigureAwait(false);
        return await backend.ForkAsync(request, ct).ConfigureAwait(false);
    }

    /// <summary>Moves an instance to a live version of its workflow (the active one when <paramref name="version"/> is null), or checks
    /// that it could (<paramref name="dryRun"/>); null when there is no such instance.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="version">The version to move to; null for the active one.</param>
    /// <param name="reason">Why, for history.</param>
    /// <param name="dryRun">True to check only.</param>
    /// <param name="workflowName">The instance's workflow when the caller knows it (a listing); null to read its state for it.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <exception cref="ProblemException">404 <c>workflow-not-found</c>: no live version of the instance's workflow has that version.</exception>
    public async Task<MigrationResult?> MigrateAsync(string instanceId, string? version, string reason, bool dryRun, string? workflowName, CancellationToken ct)
    {
        if ((workflowName ?? (await backend.GetStateAsync(instanceId, ct).ConfigureAwait(false))?.WorkflowName) is not { } name)
        {
            return null;
        }
        var (definition, problem) = await Registry.ResolveAsync("workflow", name, version, ct).ConfigureAwait(false);
        return definition is null
            ? throw new ProblemException(404, "workflow-not-found", "No live version of the instance's workflow is registered by that version.",
                $"{problem} Register the version with POST /api/definitions (admin key) first, then migrate; nothing was changed.")
            : await backend.MigrateAsync(new MigrationRequest(instanceId, definition, reason, dryRun), ct).ConfigureAwait(false);
    }

    /// <summary>An instance's state as the status routes show it: input and output with any parts kept in Blob storage read back.</summary>
    public async Task<InstanceState?> StatusAsync(string instanceId, CancellationToken ct) =>
        await backend.GetStateAsync(instanceId, ct).ConfigureAwait(false) is { } state ? await ShownAsync(state, ct).ConfigureAwait(false) : null;

    /// <summary>A state as the routes show it: its input and output with any parts kept in Blob storage read back.</summary>
    public async Task<InstanceState> ShownAsync(InstanceState state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state with
        {
            Input = await backend.ReadValueAsync(state.InstanceId, state.Input, ct).ConfigureAwait(false),
            Output = await backend.ReadValueAsync(state.InstanceId, state.Output, ct).ConfigureAwait(false),
        };
    }

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
}
