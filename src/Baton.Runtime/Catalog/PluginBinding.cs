using Baton.Core.Definitions;
using Baton.Core.Expressions;

namespace Baton.Runtime.Catalog;

/// <summary>Runs attempts through a task-runner plugin the host loaded from its plugin folder (<c>runner: plugin</c>).</summary>
/// <remarks><see cref="Settings"/> (<c>settings</c>) is a template tree over the step's input and <c>task</c>, evaluated for each
/// attempt and checked against the plugin's settings schema. Without a timeout of its own (or the step's), a plugin
/// attempt times out after <see cref="DefaultTimeout"/>, so a plugin that hangs fails its attempt.</remarks>
public sealed record PluginBinding(string Name, string Plugin, TemplateTree? Settings, TimeSpan? Timeout) : TaskBinding(Name, Timeout ?? DefaultTimeout)
{
    /// <summary>How long a plugin attempt may run when neither the binding nor the step says.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The keys a plugin binding reads, besides the common ones.</summary>
    public static readonly string[] Keys = ["runner", "plugin", "settings"];

    internal static PluginBinding? Read(ObjectReader r, string name, DiagnosticSink sink)
    {
        var plugin = r.String("plugin", required: true, example: "plugin: word-count");
        if (plugin is not null && !IsPoolName(plugin))
        {
            sink.Add("BTN017", r.At("plugin"), $"'{Names.Printable(plugin)}' is not a plugin name.", "Use lowercase letters, digits and '-', starting with a letter, as the plugin's Name says.");
            return null;
        }
        if (r.Node["settings"] is { } settings and not System.Text.Json.Nodes.JsonObject)
        {
            r.WrongType("settings", "a mapping", settings);
            return null;
        }
        return plugin is null ? null : new PluginBinding(name, plugin, r.Has("settings") ? TemplateTree.Parse(r.Node["settings"]!.DeepClone()) : null, r.Duration("timeout"));
    }
}
