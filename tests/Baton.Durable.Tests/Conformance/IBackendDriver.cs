using System.Text.Json.Nodes;
using Baton.Core.Engine;
using Baton.Abstractions;

namespace Baton.Durable.Tests.Conformance;

/// <summary>What the conformance suite needs of a backend: start, wait, and the operations on a running instance.</summary>
public interface IBackendDriver : IAsyncDisposable
{
    /// <summary>The backend itself, for what the suite checks through the contract directly (history, time travel, fork).</summary>
    Baton.Abstractions.IWorkflowBackend Backend { get; }

    /// <summary>Starts an instance with the given id.</summary>
    Task<string> StartAsync(StartRequest request);

    /// <summary>Waits until the instance has finished and reads its outcome.</summary>
    Task<Outcome> WaitAsync(string instanceId);

    /// <summary>Reads the instance's status now; null when there is no such instance.</summary>
    Task<InstanceStatus?> StatusAsync(string instanceId);

    /// <summary>Raises a named event on the instance.</summary>
    Task RaiseEventAsync(string instanceId, string name, JsonNode? data);

    /// <summary>Passes a service's report on an attempt it was handed; false for a duplicate or late one.</summary>
    Task<bool> ReportAsync(string instanceId, TaskReport report);

    /// <summary>Terminates the instance.</summary>
    Task TerminateAsync(string instanceId);

    /// <summary>Suspends the instance.</summary>
    Task SuspendAsync(string instanceId);

    /// <summary>Resumes the instance.</summary>
    Task ResumeAsync(string instanceId);

    /// <summary>Saves and registers a workflow, so <c>workflow</c> steps can run it.</summary>
    Task RegisterAsync(Baton.Abstractions.StoredDefinition workflow);

    /// <summary>Rewinds a failed instance; false when it has not failed.</summary>
    Task<bool> RewindAsync(string instanceId);
}

/// <summary>How an instance ended, as far as the suite compares backends.</summary>
public sealed record Outcome(InstanceStatus Status, JsonNode? Output, string? ErrorCode, IReadOnlyDictionary<string, (string Status, int Attempt)> Steps);
