using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;

namespace Baton.Durable;

/// <summary>An open connection to a Durable task hub: its shared parts, a Durable Task client, and what to dispose of when done.</summary>
/// <param name="Hub">The hub's shared parts.</param>
/// <param name="Client">The Durable Task client (a local worker's, or the one the Functions binding gives).</param>
/// <param name="Owner">What owns the client and must be disposed of with the connection (a local worker); null when the caller keeps it.</param>
/// <param name="Details">What the readiness route shows of this connection (backend, task hub, worker).</param>
public sealed record DurableConnection(DurableHub Hub, DurableTaskClient Client, IAsyncDisposable? Owner, JsonObject Details);
