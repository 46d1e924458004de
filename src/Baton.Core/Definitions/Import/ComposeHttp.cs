using System.Globalization;
using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>model-compose's <c>http-client</c> and <c>http-server</c> actions as <c>http</c> bindings (see <see cref="ComposeBindings"/>).</summary>
internal static class ComposeHttp
{
    public static JsonObject Client(ComposeComponents.Action a, JsonObject component, ImportBuilder b)
    {
        var c = a.Config;
        var scope = ComposeScope.Binding();
        var path = ComposeText.Text(ComposeBindings.Str(c["path"]) ?? "", scope, PathText.Key(a.Path, "path"), b);
        if ((c.ContainsKey("url") || component.ContainsKey("url")) && (c.ContainsKey("endpoint") || component.ContainsKey("endpoint")))
        {
            b.Error("BTN074", PathText.Key(a.Path, "endpoint"), "An http-client component gives both 'url' and 'endpoint'.", "Keep one: they name the same thing.");
        }
        var url = ComposeBindings.Str(c["endpoint"]) ?? ComposeBindings.Str(c["url"]) ?? ComposeBindings.Str(component["endpoint"]) ?? ComposeBindings.Str(component["url"]);
        url = url is not null ? ComposeText.Text(url, scope, PathText.Key(a.Path, "endpoint"), b) + path
            : ComposeBindings.Str(component["base_url"] ?? c["base_url"]) is { } baseUrl ? ComposeText.Text(baseUrl, scope, "component.base_url", b) + path
            : "${input.url}" + path;
        // A URL the file writes with a loopback or private host says where the service is: Baton may connect there.
        return Http(a, component, b, url + Query(c["params"], scope, PathText.Key(a.Path, "params"), b, url.Contains('?', StringComparison.Ordinal)), allowPrivate: WritesPrivateHost(url));
    }

    public static JsonObject Server(ComposeComponents.Action a, JsonObject component, ImportBuilder b)
    {
        var port = ImportText.Integer(a.Config["port"] ?? component["port"]) is int n and > 0 and < 65536 ? n : 8000;
        var scope = ComposeScope.Binding();
        var basePath = ComposeText.Text(ComposeBindings.Str(component["base_path"]) ?? "", scope, "component.base_path", b);
        var path = ComposeText.Text(ComposeBindings.Str(a.Config["path"]) ?? "", scope, PathText.Key(a.Path, "path"), b);
        var binding = Http(a, component, b, $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{basePath}{path}", allowPrivate: true);
        var manage = component["manage"] as JsonObject;
        var start = component["start"] ?? manage?["scripts"]?["start"];
        if (start is JsonArray argv && argv.All(x => x is JsonValue v && v.TryGetValue<string>(out _)))
        {
            // The server is started by the binding before its first call, and kept running (see the catalog's 'serve').
            var serve = new JsonObject { ["command"] = argv.DeepClone(), ["port"] = port };
            if ((manage?["working_dir"] ?? component["working_dir"]) is { } workdir)
            {
                serve["workdir"] = workdir.DeepClone();
            }
            if ((manage?["env"] ?? component["env"]) is JsonObject env)
            {
                serve["env"] = env.DeepClone();
            }
            binding["serve"] = serve;
            binding["description"] = $"model-compose http-server component '{a.Component}': a local server on port {port}, started by: {string.Join(' ', argv.Select(x => x?.ToString()))}";
            return binding;
        }
        binding["description"] = $"model-compose http-server component '{a.Component}': a local server on port {port}" +
            (start is null ? "" : $", started by: {start.ToJsonString()} (a command string: start it beside Baton, or write it as an argv list)") +
            (start is null ? " (start it beside Baton)" : "");
        return binding;
    }

    private static bool WritesPrivateHost(string url)
    {
        if (!Uri.TryCreate(url.Split("${")[0], UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return false;
        }
        return uri.IsLoopback || System.Net.IPAddress.TryParse(uri.Host, out var ip) && ip.GetAddressBytes() is [10, ..] or [192, 168, ..] or [172, >= 16 and <= 31, ..];
    }

    private static JsonObject Http(ComposeComponents.Action a, JsonObject component, ImportBuilder b, string url, bool allowPrivate)
    {
        var scope = ComposeScope.Binding();
        var binding = new JsonObject { ["runner"] = "http", ["method"] = (ComposeBindings.Str(a.Config["method"]) ?? "POST").ToUpperInvariant(), ["url"] = url };
        if (ComposeBindings.Merge(component["headers"], a.Config["headers"]) is JsonObject headers)
        {
            // A header may read an app setting (an API key) at dispatch; nothing else in a binding may.
            binding["headers"] = ComposeText.Value(headers, scope.With(("env", "secrets")), PathText.Key(a.Path, "headers"), b);
        }
        if ((a.Config["body"] ?? component["body"]) is { } body)
        {
            binding["body"] = ComposeText.Value(body, scope, PathText.Key(a.Path, "body"), b);
        }
        if (allowPrivate)
        {
            binding["allow_private_network"] = true;
        }
        return binding;
    }

    // The query: names and literal text percent-encoded; each ${...} left for the http runner, which encodes a value placed in the query.
    private static string Query(JsonNode? node, ComposeScope scope, string path, ImportBuilder b, bool hasQuery)
    {
        if (node is not JsonObject map)
        {
            if (node is not null)
            {
                b.Error("BTN073", path, "'params' must be a mapping of query parameters.", "Write params: { q: ${input.city}, units: metric }.");
            }
            return "";
        }
        var pairs = new List<string>();
        foreach (var (name, value) in map)
        {
            var text = value switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var s) => EscapeLiteralText(ComposeText.Text(s, scope, PathText.Key(path, name), b)),
                JsonValue v => Uri.EscapeDataString(v.ToJsonString()),
                _ => null,
            };
            if (text is null)
            {
                b.Error("BTN073", PathText.Key(path, name), $"Query parameter '{name}' must be a single value.", $"Write {name}: ${{input.{name}}}, or a plain value.");
                continue;
            }
            pairs.Add(Uri.EscapeDataString(name) + "=" + text);
        }
        return pairs.Count == 0 ? "" : (hasQuery ? "&" : "?") + string.Join('&', pairs);
    }

    private static string EscapeLiteralText(string text)
    {
        var sb = new System.Text.StringBuilder();
        var at = 0;
        while (text.IndexOf("${", at, StringComparison.Ordinal) is var open and >= 0 && Expressions.Template.IndexOfClose(text, open + 2) is var close and >= 0)
        {
            sb.Append(Uri.EscapeDataString(text[at..open])).Append(text, open, close + 1 - open);
            at = close + 1;
        }
        return sb.Append(Uri.EscapeDataString(text[at..])).ToString();
    }
}
