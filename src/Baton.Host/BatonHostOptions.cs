using Baton.Runtime.Hosting;
using Baton.Runtime.Runners;

namespace Baton.Host;

/// <summary>How to run the control plane.</summary>
public sealed record BatonHostOptions(HostSettings Settings)
{
    /// <summary>Where to listen, e.g. <c>http://127.0.0.1:7071</c> (the Functions default port); port 0 picks a free one.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:7071";

    /// <summary>The database; null uses the settings'.</summary>
    public string? Database { get; init; }

    /// <summary>The keys file; null puts <c>host.keys.json</c> beside the database.</summary>
    public string? KeysFile { get; init; }

    /// <summary>Environment variables for keys, JWT and telemetry settings; they override local.settings.json <c>Values</c>.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The largest request body accepted; larger ones get 413. Defaults to the settings' limit.</summary>
    public long? MaxRequestBodyBytes { get; init; }

    /// <summary>Functions to run in-process; null gives the built-ins.</summary>
    public FunctionRegistry? Functions { get; init; }

    /// <summary>The clock; null takes the system's (see <c>AddBaton</c>), and tests inject a fake one.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Makes the backend the control plane runs on (unstarted); null makes the embedded hub on <see cref="Database"/>.</summary>
    /// <remarks>The host starts it with the app and disposes of it when the app stops. <c>baton serve --backend durable</c>
    /// passes the Durable backend here.</remarks>
    public Func<IServiceProvider, Baton.Abstractions.IWorkflowBackend>? Backend { get; init; }

    /// <summary>How many changes one live-stream client may have queued; past that it gets a fresh snapshot (instance streams) or a <c>lagged</c> event (hub stream).</summary>
    public int StreamBufferSize { get; init; } = 10_000;
}
