using Baton.Core.Definitions;
using Baton.Core.Expressions;

namespace Baton.Runtime.Catalog;

/// <summary>Reads a <c>runner: file</c> binding: its root, operation, paths, content and limits.</summary>
/// <remarks>A relative root is the catalog's folder's (as a process binding's command is); the root must exist when an
/// attempt runs. Each operation takes only the keys that mean something to it.</remarks>
public static class FileBindingReader
{
    /// <summary>The keys a file binding reads, besides the common ones.</summary>
    public static readonly string[] Keys = ["runner", "root", "operation", "path", "to", "content", "encoding", "overwrite", "recursive", "pattern", "max_bytes"];

    internal static FileBinding? Read(ObjectReader r, string name, DiagnosticSink sink, string baseDirectory)
    {
        var before = sink.Items.Count;
        var root = r.String("root", required: true, example: "root: ./data");
        var operation = r.Has("operation") ? r.Enum("operation", FileOperation.Read) : null;
        if (!r.Has("operation"))
        {
            r.Missing("operation", "operation: read");
        }
        var path = r.String("path") is { } p ? CatalogLoader.Parse(p, r.At("path"), sink) : null;
        var to = r.String("to") is { } t ? CatalogLoader.Parse(t, r.At("to"), sink) : null;
        var content = r.Has("content") ? TemplateTree.Parse(r.Node["content"]?.DeepClone()) : null;
        if (operation is not (null or FileOperation.List) && !r.Has("path"))
        {
            r.Missing("path", "path: ${input.name}");
        }
        Needs(r, sink, operation, "to", operation is FileOperation.Copy or FileOperation.Move, "to: archive/${input.name}");
        Needs(r, sink, operation, "content", operation is FileOperation.Write, "content: ${input.text}");
        Only(r, sink, operation, "pattern", FileOperation.List);
        Only(r, sink, operation, "recursive", FileOperation.List, FileOperation.Delete);
        Only(r, sink, operation, "overwrite", FileOperation.Write, FileOperation.Copy, FileOperation.Move);
        Only(r, sink, operation, "encoding", FileOperation.Read, FileOperation.Write);
        Only(r, sink, operation, "max_bytes", FileOperation.Read);
        var encoding = r.Enum("encoding", FileEncoding.Text);
        var maxBytes = r.Number("max_bytes", 1, FileBinding.ByteLimit);
        var flags = (Overwrite: Bool(r, "overwrite", true), Recursive: Bool(r, "recursive", false));
        return sink.Items.Count > before || root is null || operation is null || encoding is null ? null
            : new FileBinding(name, System.IO.Path.GetFullPath(root, baseDirectory), operation.Value, path, to, content, encoding.Value,
                flags.Overwrite, flags.Recursive, r.String("pattern"), (long?)maxBytes ?? FileBinding.DefaultMaxBytes, r.Duration("timeout"));
    }

    private static void Needs(ObjectReader r, DiagnosticSink sink, FileOperation? operation, string key, bool needed, string example)
    {
        if (operation is null)
        {
            return;
        }
        if (needed && !r.Has(key))
        {
            r.Missing(key, example);
        }
        else if (!needed && r.Has(key))
        {
            sink.Add("BTN015", r.At(key), $"'{key}' means nothing to a '{ObjectReader.SnakeCase(operation.Value.ToString())}' task.", $"Remove '{key}'.");
        }
    }

    private static void Only(ObjectReader r, DiagnosticSink sink, FileOperation? operation, string key, params FileOperation[] operations)
    {
        if (operation is { } o && r.Has(key) && !operations.Contains(o))
        {
            sink.Add("BTN015", r.At(key), $"'{key}' means nothing to a '{ObjectReader.SnakeCase(o.ToString())}' task.",
                $"Remove '{key}': only {string.Join(", ", operations.Select(x => ObjectReader.SnakeCase(x.ToString())))} tasks take it.");
        }
    }

    private static bool Bool(ObjectReader r, string key, bool fallback)
    {
        if (!r.Has(key))
        {
            return fallback;
        }
        if (r.Node[key] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<bool>(out var b))
        {
            return b;
        }
        r.WrongType(key, "true or false", r.Node[key]);
        return fallback;
    }
}
