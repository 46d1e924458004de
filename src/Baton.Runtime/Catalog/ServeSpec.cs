using System.Collections.Immutable;
using Baton.Core.Definitions;

namespace Baton.Runtime.Catalog;

/// <summary>A local server an <c>http</c> binding starts before it calls it (<c>serve</c> in the catalog): its argv, folder,
/// environment, the loopback port it answers on, and how long it may take to start.</summary>
/// <remarks>One process per command and folder in a host process, started at the first call, waited for until the port accepts
/// connections, started again when it has exited, and stopped (with its children) when the host stops. It runs with the same
/// minimal environment as a <c>process</c> task (the binding's <c>env</c> added), never through a shell.</remarks>
public sealed record ServeSpec(ImmutableArray<string> Command, string? WorkingDirectory, ImmutableDictionary<string, string> Environment, int Port, TimeSpan ReadyTimeout)
{
    /// <summary>The catalog keys of a <c>serve</c> block.</summary>
    public static readonly string[] Keys = ["command", "workdir", "env", "port", "ready_timeout"];

    /// <summary>Reads <c>serve: { command: [argv], workdir, env, port, ready_timeout }</c> (port: the URL's, when it gives one); null
    /// when absent or unusable (reported).</summary>
    public static ServeSpec? Read(ObjectReader binding, DiagnosticSink sink, string? url)
    {
        var r = binding.Object("serve", required: false, Keys);
        if (r is null)
        {
            return null;
        }
        var command = r.Node["command"] is System.Text.Json.Nodes.JsonArray ? r.StringList("command") : [];
        if (command.IsEmpty)
        {
            sink.Add("BTN051", r.At("command"), "A served process needs its command as an argv list; there is no shell.", "Write command: [ python3, server.py ].");
            return null;
        }
        var fromUrl = Uri.TryCreate(url?.Split("${")[0], UriKind.Absolute, out var uri) && uri.IsLoopback && !uri.IsDefaultPort ? uri.Port : (int?)null;
        var port = r.Int("port", 1, 65535) ?? fromUrl;
        if (port is null)
        {
            sink.Add("BTN072", r.Path, "A served process needs the loopback port it answers on.", "Add port: 8000, or call it at http://127.0.0.1:8000/... .");
            return null;
        }
        var env = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in r.Map("env") ?? [])
        {
            env[k] = v?.ToString() ?? "";
        }
        return new ServeSpec(command, r.String("workdir"), env.ToImmutable(), port.Value, r.Duration("ready_timeout") ?? TimeSpan.FromSeconds(60));
    }
}
