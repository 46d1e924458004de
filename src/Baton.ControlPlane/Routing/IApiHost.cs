using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Baton.ControlPlane.Routing;

/// <summary>What differs between the hosts that serve the API, and nothing else.</summary>
public interface IApiHost
{
    /// <summary>Which host this is.</summary>
    ApiHosts Kind { get; }

    /// <summary>Durable Functions' check-status payload for an instance: its id and the URIs that read and control it.</summary>
    /// <remarks><c>baton serve</c> points them at its own Durable-compatible routes with the caller's key; the function app
    /// at the Durable extension's routes with the extension's system key, as <c>CreateHttpManagementPayload</c> does.</remarks>
    JsonObject CheckStatus(HttpRequest request, string instanceId);

    /// <summary>Who sent the request, as the audit log records them: the key's name or the token's subject, never a key.</summary>
    Audit.AuditActor Actor(HttpRequest request);
}
