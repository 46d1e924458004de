using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Expressions;
using Baton.Runtime.Slo;

namespace Baton.Runtime.Catalog;

/// <summary>Reads an <c>evaluate</c> binding: its SLO (inline or Keptn's slo.yaml beside the catalog), its SLI source
/// (a Prometheus-compatible endpoint with queries inline or in Keptn's sli.yaml) and its subject template.</summary>
/// <remarks>Files are read when the catalog is loaded, relative to the catalog's folder and never outside it; their
/// problems are reported at the key that names them, with the file's own line and column in the message.</remarks>
public static class EvaluateBindingReader
{
    private static readonly string[] SliKeys = ["provider", "url", "queries", "queries_file", "allow_private_network"];

    internal static EvaluateBinding? Read(ObjectReader r, string name, DiagnosticSink sink, string? filesDirectory)
    {
        var before = sink.Items.Count;
        var slo = ReadSlo(r, sink, filesDirectory);
        var sli = r.Has("sli") ? ReadSli(r, sink, filesDirectory) : null;
        var subject = r.String("subject") is { } s ? CatalogLoader.Parse(s, r.At("subject"), sink) : null;
        return sink.Items.Count > before ? null : new EvaluateBinding(name, slo, sli, subject, r.Duration("timeout"));
    }

    private static SloText? ReadSlo(ObjectReader r, DiagnosticSink sink, string? filesDirectory)
    {
        if (r.Has("slo") && r.Has("slo_file"))
        {
            sink.Add("BTN080", r.At("slo_file"), "Both 'slo' and 'slo_file' are given.", "Keep one: the SLO inline, or the path of Keptn's slo.yaml.");
            return null;
        }
        try
        {
            if (r.Has("slo"))
            {
                return SloInput.FromNode(r.Node["slo"]);
            }
            if (r.String("slo_file") is { } file && ReadFile(r, "slo_file", file, sink, filesDirectory) is { } text)
            {
                return SloInput.FromText(text, file);
            }
        }
        catch (SloException ex)
        {
            var key = r.Has("slo") ? "slo" : "slo_file";
            sink.Add("BTN080", r.Has("slo") && ex.Path.Length > 0 ? $"{r.At("slo")}.{ex.Path}" : r.At(key), ex.Message, "Fix the SLO as the message says; docs/evaluate.md has the rules.");
        }
        return null;
    }

    private static SliSource? ReadSli(ObjectReader outer, DiagnosticSink sink, string? filesDirectory)
    {
        var r = outer.Object("sli", required: false, SliKeys);
        if (r is null)
        {
            return null;
        }
        var provider = r.String("provider") ?? "prometheus";
        if (provider != "prometheus")
        {
            sink.Add("BTN081", r.At("provider"), $"'{provider}' is not an SLI provider.", "Use 'provider: prometheus' (any endpoint that speaks the Prometheus query API).");
        }
        Uri? url = null;
        if (r.String("url", required: true, example: "url: http://prometheus:9090") is { } text
            && (!Uri.TryCreate(text, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
        {
            sink.Add("BTN081", r.At("url"), $"'{text}' is not an http(s) URL.", "Give the Prometheus server's base URL, such as http://prometheus:9090.");
            url = null;
        }
        var queries = ReadQueries(r, sink, filesDirectory);
        return url is null || queries is null ? null
            : new SliSource(url, queries, CatalogLoader.AllowsPrivate(r));
    }

    private static ImmutableSortedDictionary<string, string>? ReadQueries(ObjectReader r, DiagnosticSink sink, string? filesDirectory)
    {
        JsonObject? map;
        string at;
        if (r.Has("queries") == r.Has("queries_file"))
        {
            sink.Add("BTN081", r.At("queries"), "An SLI source needs exactly one of 'queries' and 'queries_file'.",
                "Give 'queries: { response_time_p95: <PromQL> }', or 'queries_file: sli.yaml' (Keptn's sli.yaml).");
            return null;
        }
        if (r.Has("queries"))
        {
            map = r.Map("queries");
            at = r.At("queries");
        }
        else
        {
            var file = r.String("queries_file")!;
            at = r.At("queries_file");
            if (ReadFile(r, "queries_file", file, sink, filesDirectory) is not { } text)
            {
                return null;
            }
            var (doc, problems) = SourceReader.Read(text, file);
            map = doc?.Root?["indicators"] as JsonObject;
            if (map is null)
            {
                var where = problems.FirstOrDefault() is { } p ? $"{file}:{p.Location.Line}:{p.Location.Column}: {p.Message}" : $"{file} has no 'indicators' mapping.";
                sink.Add("BTN081", at, where, "Keptn's sli.yaml is 'spec_version: \"1.0\"' and 'indicators: { name: <PromQL query> }'.");
                return null;
            }
        }
        var queries = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (sli, query) in map ?? [])
        {
            if (query is JsonValue q && Values.IsString(q) && Values.Text(q).Trim().Length > 0)
            {
                queries[sli] = Values.Text(q);
            }
            else
            {
                sink.Add("BTN081", $"{at}.{sli}", $"The query for '{sli}' is not a non-empty string.", "Write the PromQL query as a string.");
            }
        }
        return queries.Count == 0 ? null : queries.ToImmutable();
    }

    /// <summary>The catalog text with the files its evaluate bindings name put inline (<c>slo_file</c> becomes <c>slo</c>
    /// with the file's text, <c>queries_file</c> becomes <c>queries</c>), for storing a catalog whose content hash then
    /// covers them; null when it names no files (keep the text as it is).</summary>
    /// <remarks><paramref name="loaded"/> is the catalog <paramref name="text"/> loaded with its files read: what is put
    /// inline is what that load read and checked, so no file is read a second time.</remarks>
    public static string? Inline(string text, string file, TaskCatalog loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        if (SourceReader.Read(text, file).Document?.Root is not JsonObject root || root["tasks"] is not JsonObject tasks)
        {
            return null;
        }
        var changed = false;
        foreach (var (name, node) in tasks)
        {
            if (node is not JsonObject task || loaded.Tasks.GetValueOrDefault(name) is not EvaluateBinding binding)
            {
                continue;
            }
            if (task.Remove("slo_file") && binding.Slo is { } slo)
            {
                task["slo"] = slo.Content;
                changed = true;
            }
            if (task["sli"] is JsonObject sli && sli.Remove("queries_file") && binding.Sli is { } source)
            {
                sli["queries"] = new JsonObject(source.Queries.Select(q => KeyValuePair.Create(q.Key, (JsonNode?)q.Value)));
                changed = true;
            }
        }
        return changed ? root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) : null;
    }

    /// <summary>The largest SLO or SLI file a catalog may name: 1 MiB.</summary>
    private const long MaxFileBytes = 1 << 20;

    /// <summary>Reads a file named relative to the catalog's folder; null (with a diagnostic) when it cannot.</summary>
    private static string? ReadFile(ObjectReader r, string key, string file, DiagnosticSink sink, string? filesDirectory)
    {
        if (filesDirectory is null)
        {
            sink.Add("BTN082", r.At(key), $"'{key}' names a file, and a host reads no files a catalog names.",
                $"Inline it ('{(key == "slo_file" ? "slo" : "queries")}:'), or load the catalog from disk with the CLI (baton run / baton serve --catalog), which inlines it.");
            return null;
        }
        var root = Path.GetFullPath(filesDirectory);
        var full = Path.GetFullPath(Path.Combine(root, file));
        if (Path.IsPathRooted(file) || !full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            sink.Add("BTN082", r.At(key), $"'{file}' is not inside the catalog's folder.", "Name a file relative to the catalog, such as 'slo.yaml', without '..'.");
            return null;
        }
        try
        {
            var bytes = Text.LocalFiles.ReadBounded(full, MaxFileBytes);
            return Core.Utf8Text.TryDecode(bytes, out var text, out var offset) ? text : throw new IOException(Core.Utf8Text.InvalidMessage($"'{file}'", offset));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            sink.Add("BTN082", r.At(key), $"'{file}' cannot be read: {ex.Message}", $"Put the file beside the catalog ({root}) or fix the path.");
            return null;
        }
    }
}
